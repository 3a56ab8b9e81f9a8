/// What a running command may touch besides its arguments: its output streams and its name.
public struct CommandContext: Sendable {
    /// Normal output (results, reports).
    public var stdout: any TextOutput
    /// Diagnostics, progress and errors.
    public var stderr: any TextOutput
    /// The words that invoked the command, e.g. `["social-bridge", "export"]`.
    public var commandPath: [String]
    /// The process environment (injectable so tests do not depend on the real one).
    public var environment: [String: String]

    /// A context writing to the given streams.
    public init(
        stdout: any TextOutput = FileDescriptorOutput.standardOutput,
        stderr: any TextOutput = FileDescriptorOutput.standardError,
        commandPath: [String] = [BridgeCLI.executableName],
        environment: [String: String] = [:]
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.commandPath = commandPath
        self.environment = environment
    }
}
