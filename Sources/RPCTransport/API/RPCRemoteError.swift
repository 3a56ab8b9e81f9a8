/// An error a procedure can throw to choose the text of the REMOTE_ERROR_RESPONSE the client gets
/// (clients surface it as `RemoteError: <message>`). Other errors are reported with a generic text
/// so that internal details (SQL, file paths) do not reach clients.
public struct RPCRemoteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `error_message` sent to the client.
    public let message: String

    /// - Parameter message: the text clients see.
    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// The reference's fallback text for errors without a message.
    static let genericMessage = "Error processing the request"
}
