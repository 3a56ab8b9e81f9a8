/// A command as the dispatcher and help formatter see it: a `Command` type, or the tool's root.
struct CommandNode: Sendable {
    var name: String
    var abstract: String
    var discussion: String?
    var arguments: [ArgumentSpec]
    var options: [OptionSpec]
    var subcommands: [CommandNode]
    var run: @Sendable (ParsedArguments, CommandContext) async throws -> Int32

    init(_ command: any Command.Type) {
        name = command.name
        abstract = command.abstract
        discussion = command.discussion
        arguments = command.arguments
        options = command.options
        subcommands = command.subcommands.map(CommandNode.init)
        run = { arguments, context in try await command.run(arguments, context: context) }
    }

    init(
        name: String, abstract: String, discussion: String?, options: [OptionSpec], subcommands: [CommandNode],
        run: @escaping @Sendable (ParsedArguments, CommandContext) async throws -> Int32
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = []
        self.options = options
        self.subcommands = subcommands
        self.run = run
        self.isRoot = true
    }

    func subcommand(named word: String) -> CommandNode? { subcommands.first { $0.name == word } }

    /// Whether this is a command that runs (not the root or a group): only those get the common options.
    var isLeaf: Bool { subcommands.isEmpty && !isRoot }

    /// The root node (the tool itself) takes only `--version`.
    var isRoot = false

    /// The command's options followed by the common ones (configuration and logging) for leaves.
    var allOptions: [OptionSpec] { isLeaf ? options + CommonOptions.all : options }
}
