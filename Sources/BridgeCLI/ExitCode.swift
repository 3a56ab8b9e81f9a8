/// The exit codes of `social-bridge`, one meaning each.
///
/// | Code | Meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | runtime failure (the command ran and failed: unreadable database, network error, …) |
/// | 2 | usage error (unknown option or subcommand, missing or malformed value) |
public enum ExitCode {
    /// The command did what it was asked.
    public static let success: Int32 = 0
    /// The command was well formed but failed while running.
    public static let failure: Int32 = 1
    /// The command line itself was wrong; nothing was attempted.
    public static let usage: Int32 = 2
}
