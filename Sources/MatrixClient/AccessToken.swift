/// A bearer token that does not print itself: `description`, `debugDescription` and reflection
/// (`dump`, string interpolation) all show `<redacted>`.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret, for building the `Authorization` header only.
    public let secret: String

    /// Wraps a token.
    public init(_ secret: String) { self.secret = secret }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
