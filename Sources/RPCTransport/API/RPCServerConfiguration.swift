/// Tunables of the RPC transport.
public struct RPCServerConfiguration: Sendable {
    /// How long a connection may take to deliver its credential and be verified (reference:
    /// `WS_AUTH_TIMEOUT_IN_MS`, 5 minutes); past it the connection is closed with 3004.
    public var authenticationTimeout: Duration
    /// How many frames may wait while authentication runs; one more closes the connection with 1011
    /// (a client has no reason to pipeline more than a handful before SERVER_READY).
    public var maxQueuedFramesDuringAuthentication: Int

    /// - Parameters:
    ///   - authenticationTimeout: default 5 minutes.
    ///   - maxQueuedFramesDuringAuthentication: default 256.
    public init(authenticationTimeout: Duration = .seconds(300), maxQueuedFramesDuringAuthentication: Int = 256) {
        self.authenticationTimeout = authenticationTimeout
        self.maxQueuedFramesDuringAuthentication = maxQueuedFramesDuringAuthentication
    }
}
