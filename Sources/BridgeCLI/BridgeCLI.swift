/// Entry point of the `social-bridge` command line; subcommands register in `BridgeCLI.commands`.
public enum BridgeCLI {
    public static let version = "0.1.0"

    /// Runs the command line and returns the process exit code.
    public static func run(arguments: [String]) async -> Int32 {
        if arguments.first == "--version" { print("social-bridge \(version)"); return 0 }
        print("OVERVIEW: SocialBridge migrates, syncs and serves friendships leaving Matrix.\n\nUSAGE: social-bridge <subcommand>")
        return arguments.isEmpty || arguments.first == "--help" ? 0 : 2
    }
}
