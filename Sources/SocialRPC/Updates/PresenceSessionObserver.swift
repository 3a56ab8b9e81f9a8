import RPCTransport
import SocialDomain

/// Feeds the transport's session events into the presence tracker: authenticated → connected,
/// any inbound frame → active, closed → gone.
public struct PresenceSessionObserver: RPCSessionObserver {
    private let presence: PresenceTracker

    public init(presence: PresenceTracker) { self.presence = presence }

    public func sessionAuthenticated(_ context: RPCContext) {
        guard let address = Address(context.identity) else { return }
        presence.connectionAuthenticated(context.connectionID, as: address)
    }

    public func sessionActivity(_ context: RPCContext) { presence.connectionActivity(context.connectionID) }

    public func sessionClosed(_ context: RPCContext) { presence.connectionClosed(context.connectionID) }
}
