/// A command-line program made of subcommands: dispatches words to a `Command`, prints help and
/// versions, and maps errors to exit codes (`ExitCode`).
public struct CommandLineTool: Sendable {
    /// The executable name, as help and usage lines spell it.
    public var name: String
    /// The text after `--version`'s name.
    public var version: String
    private let root: CommandNode

    /// A tool with the given subcommands.
    /// - Parameters:
    ///   - name: executable name.
    ///   - abstract: the root OVERVIEW line.
    ///   - discussion: optional paragraphs under the OVERVIEW.
    ///   - version: printed by `--version` as `<name> <version>`.
    ///   - commands: subcommands, in the order help lists them.
    public init(name: String, abstract: String, discussion: String? = nil, version: String, commands: [any Command.Type]) {
        self.name = name
        self.version = version
        let subcommands = commands.map(CommandNode.init)
        let line = "\(name) \(version)"
        root = CommandNode(
            name: name, abstract: abstract, discussion: discussion,
            options: [.flag("version", help: "Show the version.")], subcommands: subcommands
        ) { arguments, context in
            guard arguments.flag("version") else {
                throw UsageError("Missing subcommand; expected one of: \(subcommands.map(\.name).joined(separator: ", "))")
            }
            context.stdout.line(line)
            return ExitCode.success
        }
    }

    /// Runs one command line.
    /// - Parameters:
    ///   - arguments: the words after the executable name.
    ///   - context: output streams and environment; `commandPath` is set to the dispatched path.
    /// - Returns: the exit code (0 success, 1 runtime failure, 2 usage error).
    public func run(arguments: [String], context: CommandContext) async -> Int32 {
        await dispatch(root, words: arguments[...], path: [name], context: context)
    }

    /// The text `<name> <path…> --help` prints, or nil when `path` names no command.
    public func helpText(for path: [String]) -> String? {
        var node = root
        for word in path {
            guard let next = node.subcommand(named: word) else { return nil }
            node = next
        }
        return HelpFormatter.help(for: node, path: [name] + path)
    }

    private func dispatch(_ node: CommandNode, words: ArraySlice<String>, path: [String], context: CommandContext) async -> Int32 {
        if !node.subcommands.isEmpty, let first = words.first, !first.hasPrefix("-") {
            if first == "help" { return help(node, words: words.dropFirst(), path: path, context: context) }
            guard let next = node.subcommand(named: first) else {
                return reportUsage(UsageError("Unknown subcommand '\(first)'"), node: node, path: path, context: context)
            }
            return await dispatch(next, words: words.dropFirst(), path: path + [first], context: context)
        }
        let list = Array(words)
        // As swift-argument-parser does, a command group run without a subcommand shows its help.
        if CommandLineParser.asksForHelp(list) || (list.isEmpty && !node.subcommands.isEmpty) {
            context.stdout.write(HelpFormatter.help(for: node, path: path))
            return ExitCode.success
        }
        var commandContext = context
        commandContext.commandPath = path
        do {
            let parsed = try CommandLineParser.parse(list, options: node.options, arguments: node.arguments)
            return try await node.run(parsed, commandContext)
        } catch let error as UsageError {
            return reportUsage(error, node: node, path: path, context: context)
        } catch {
            context.stderr.write("Error: \(error)\n")
            return ExitCode.failure
        }
    }

    /// `help [<subcommand> …]`: the same text as `<subcommand> … --help`.
    private func help(_ group: CommandNode, words: ArraySlice<String>, path: [String], context: CommandContext) -> Int32 {
        var node = group
        var nodePath = path
        for word in words {
            guard let next = node.subcommand(named: word) else {
                return reportUsage(UsageError("Unknown subcommand '\(word)'"), node: node, path: nodePath, context: context)
            }
            node = next
            nodePath.append(word)
        }
        context.stdout.write(HelpFormatter.help(for: node, path: nodePath))
        return ExitCode.success
    }

    private func reportUsage(_ error: UsageError, node: CommandNode, path: [String], context: CommandContext) -> Int32 {
        context.stderr.write(HelpFormatter.usageError(error, node: node, path: path))
        return ExitCode.usage
    }
}
