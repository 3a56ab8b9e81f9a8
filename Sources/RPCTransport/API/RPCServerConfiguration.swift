/// Tunables of the RPC transport.
public struct RPCServerConfiguration: Sendable {
    /// How long a connection may take to deliver its credential and be verified (reference:
    /// `WS_AUTH_TIMEOUT_IN_MS`, 5 minutes); past it the connection is closed with 3004.
    public var authenticationTimeout: Duration
    /// How many frames may wait while authentication runs; one more closes the connection with 1011
    /// (a client has no reason to pipeline more than a handful before SERVER_READY).
    public var maxQueuedFramesDuringAuthentication: Int
    /// Unary calls one session may have running at once; a call beyond it is answered with a RemoteError
    /// at once (one task per call, so a pipelining client cannot pile up unbounded work).
    public var maxConcurrentCalls: Int
    /// Connections allowed to wait for authentication at once (each may take `authenticationTimeout`);
    /// past it new WebSocket upgrades are answered 503 and counted as `pending_auth_full`, so a flood of
    /// silent connections cannot hold every descriptor for 5 minutes.
    public var maxPendingAuthentication: Int

    /// - Parameters:
    ///   - authenticationTimeout: default 5 minutes.
    ///   - maxQueuedFramesDuringAuthentication: default 256.
    ///   - maxConcurrentCalls: default 1024.
    ///   - maxPendingAuthentication: default 10,000.
    public init(
        authenticationTimeout: Duration = .seconds(300), maxQueuedFramesDuringAuthentication: Int = 256,
        maxConcurrentCalls: Int = 1024, maxPendingAuthentication: Int = 10_000
    ) {
        self.authenticationTimeout = authenticationTimeout
        self.maxQueuedFramesDuringAuthentication = maxQueuedFramesDuringAuthentication
        self.maxConcurrentCalls = maxConcurrentCalls
        self.maxPendingAuthentication = maxPendingAuthentication
    }
}
