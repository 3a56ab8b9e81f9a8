#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry point of the `social-bridge` command line.
///
/// Subcommands are `Command` types listed in `BridgeCLI.commands`; adding one is a new file plus one
/// line there. Exit codes are those of `ExitCode`: 0 success, 1 runtime failure, 2 usage error.
public enum BridgeCLI {
    /// The version printed by `--version`.
    public static let version = "0.1.0"
    /// The executable's name, as help and usage lines spell it.
    public static let executableName = "social-bridge"

    /// The subcommands, in the order `--help` lists them. Append new commands here.
    public static let commands: [any Command.Type] = [
        ExportCommand.self,
        MigrateCommand.self,
        DiffCommand.self,
        ServeCommand.self,
        GenerateRegistrationCommand.self,
        MappingsCommand.self,
        CallCommand.self,
        BenchCommand.self,
    ]

    /// The tool: the subcommands above under the `social-bridge` name.
    public static let tool = CommandLineTool(
        name: executableName,
        abstract: "Migrates, syncs and serves Decentraland friendships leaving Matrix.",
        version: version,
        commands: commands)

    /// Runs the command line and returns the process exit code.
    /// - Parameter arguments: the words after the executable name.
    public static func run(arguments: [String]) async -> Int32 {
        let environment = currentEnvironment()
        let context = CommandContext(
            environment: environment, isStandardErrorTerminal: isatty(2) == 1 && environment["TERM"] != "dumb",
            scrubsProcessArguments: true)
        return await tool.run(arguments: arguments, context: context)
    }

    /// Runs the command line with injected output streams and environment (tests use this).
    /// - Parameters:
    ///   - arguments: the words after the executable name.
    ///   - context: where output goes.
    /// - Returns: the exit code.
    public static func run(arguments: [String], context: CommandContext) async -> Int32 {
        await tool.run(arguments: arguments, context: context)
    }
}
