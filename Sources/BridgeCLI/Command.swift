/// A subcommand of `social-bridge`.
///
/// Adding one is a one-file change plus one line in `BridgeCLI.commands`: declare the name, a one-line
/// abstract, the options and positional arguments; the framework parses, validates and prints help.
public protocol Command: Sendable {
    /// The word that selects the command (`export`).
    static var name: String { get }
    /// One line, shown in the parent's SUBCOMMANDS list and as the OVERVIEW.
    static var abstract: String { get }
    /// Extra paragraphs shown under the OVERVIEW line in `--help` (nil for none).
    static var discussion: String? { get }
    /// Positional arguments, in order.
    static var arguments: [ArgumentSpec] { get }
    /// Named options (`--help` is added by the framework).
    static var options: [OptionSpec] { get }
    /// Nested subcommands (for command groups such as `bench`); empty for leaf commands.
    static var subcommands: [any Command.Type] { get }

    /// Runs the command with validated arguments.
    /// - Parameters:
    ///   - arguments: the parsed command line; required options are known to be present.
    ///   - context: output streams and environment.
    /// - Returns: the exit code (see `ExitCode`).
    /// - Throws: `UsageError` for a semantically wrong command line (exit 2); any other error is reported
    ///   as `Error: <description>` on stderr with exit 1.
    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32
}

extension Command {
    public static var discussion: String? { nil }
    public static var arguments: [ArgumentSpec] { [] }
    public static var options: [OptionSpec] { [] }
    public static var subcommands: [any Command.Type] { [] }
}

extension Command {
    /// The default for command groups: running the group itself without a subcommand is a usage error.
    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        throw UsageError("Missing subcommand; expected one of: \(subcommands.map { $0.name }.joined(separator: ", "))")
    }
}
