/// Observes authenticated sessions (presence). Callbacks must return quickly: `sessionAuthenticated`
/// and `sessionClosed` are called while the session's state is locked, so their order is guaranteed
/// (authenticated strictly before closed, each at most once).
public protocol RPCSessionObserver: Sendable {
    /// Authentication succeeded; SERVER_READY has been queued.
    func sessionAuthenticated(_ context: RPCContext)
    /// An inbound frame arrived on an authenticated session.
    func sessionActivity(_ context: RPCContext)
    /// The session ended (socket closed or the server closed it); every call and stream has been cancelled.
    func sessionClosed(_ context: RPCContext)
}
