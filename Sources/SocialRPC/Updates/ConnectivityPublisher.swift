import SocialDomain

/// Turns presence transitions into FriendConnectivityUpdates for the user's subscribed friends, in order.
public struct ConnectivityPublisher: Sendable {
    private let presence: PresenceTracker
    private let repository: any SocialRepository
    private let profiles: any ProfileSource
    private let hub: UpdateHub
    private let log: SocialLog

    public init(presence: PresenceTracker, repository: any SocialRepository, profiles: any ProfileSource, hub: UpdateHub, log: SocialLog = .standardError) {
        self.presence = presence
        self.repository = repository
        self.profiles = profiles
        self.hub = hub
        self.log = log
    }

    /// Consumes `presence.changes` until it ends or the task is cancelled.
    public func run() async {
        for await change in presence.changes {
            await publish(change)
        }
    }

    /// Announces one transition to the user's friends that have a connectivity stream open.
    public func publish(_ change: PresenceTracker.Change) async {
        let friends: [Address]
        do { friends = try repository.allFriends(of: change.address) } catch {
            log("friends of \(change.address) unavailable for a presence update: \(error)")
            return
        }
        let listening = friends.filter { hub.connectivity.hasSubscribers($0) }
        guard !listening.isEmpty else { return }
        let event = ConnectivityEvent(friend: await profiles.completeProfile(for: change.address), status: change.status)
        for friend in listening { hub.connectivity.publish(event, to: friend) }
    }
}
