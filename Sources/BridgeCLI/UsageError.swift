/// A command line that cannot be run as written; reported on stderr with the usage line, exit code 2.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, one sentence without the `Error:` prefix.
    public var message: String

    /// A usage error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
