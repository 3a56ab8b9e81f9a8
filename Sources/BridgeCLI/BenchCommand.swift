/// `social-bridge bench`: the performance figures the issues ask for, each measured against a baseline
/// taken in the same run (ratios are quoted against that baseline, never against numbers from elsewhere).
///
/// Every subcommand prints a human summary, or one JSON object with `--json`. Nothing here is used by the
/// server; the in-process servers these benchmarks start listen on 127.0.0.1 ephemeral ports only.
public enum BenchCommand: Command {
    public static let name = "bench"
    public static let abstract = "Run the performance benchmarks."
    public static let discussion: String? = """
        Each benchmark prints a summary, or one JSON object with --json. Figures depend
        on the machine and its load; quote them with the machine they were measured on.
        """
    public static let subcommands: [any Command.Type] = [
        BenchAuthCommand.self,
        BenchWebSocketCommand.self,
        BenchRPCCommand.self,
        BenchSocialCommand.self,
        BenchCodecCommand.self,
        BenchMigrateCommand.self,
        BenchDiffCommand.self,
    ]
}
