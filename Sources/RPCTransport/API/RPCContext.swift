/// Who is calling: the context handed to every procedure of an authenticated connection.
public struct RPCContext: Sendable, Hashable {
    /// The identity the `ConnectionAuthenticator` returned (a lowercase address for the Social Service).
    public let identity: String
    /// The transport connection's id, unique for the server's lifetime (presence and subscriptions key on it).
    public let connectionID: UInt64

    /// - Parameters:
    ///   - identity: the authenticated identity.
    ///   - connectionID: the connection the calls arrive on.
    public init(identity: String, connectionID: UInt64) {
        self.identity = identity
        self.connectionID = connectionID
    }
}
