/// What a running command may touch besides its arguments: its output streams, its logger and its name.
public struct CommandContext: Sendable {
    /// Normal output (results, reports).
    public var stdout: any TextOutput
    /// Diagnostics, progress and errors. With `--log-format json` every line written here becomes one
    /// JSON log event.
    public var stderr: any TextOutput
    /// The words that invoked the command, e.g. `["social-bridge", "export"]`.
    public var commandPath: [String]
    /// The process environment (injectable so tests do not depend on the real one).
    public var environment: [String: String]
    /// The run's logger, configured by `--log-format`, `--log-level` and `--log-file` before the
    /// command runs. Route every log line of the command (and of the services it starts) through it.
    public var log: Logger
    /// Whether stderr is an interactive terminal that may be redrawn (progress lines); false with JSON logs.
    public var isStandardErrorTerminal: Bool
    /// Whether secrets given on the command line are overwritten in the process's own argv once read, so
    /// that `ps` stops showing them (only the real process sets this; tests never do).
    public var scrubsProcessArguments: Bool

    /// A context writing to the given streams.
    public init(
        stdout: any TextOutput = FileDescriptorOutput.standardOutput,
        stderr: any TextOutput = FileDescriptorOutput.standardError,
        commandPath: [String] = [BridgeCLI.executableName],
        environment: [String: String] = [:],
        isStandardErrorTerminal: Bool = false,
        scrubsProcessArguments: Bool = false
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.commandPath = commandPath
        self.environment = environment
        self.log = Logger(output: stderr)
        self.isStandardErrorTerminal = isStandardErrorTerminal
        self.scrubsProcessArguments = scrubsProcessArguments
    }
}
