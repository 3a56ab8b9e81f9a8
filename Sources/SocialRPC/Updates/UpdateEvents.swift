import SocialDomain

/// A committed friendship action, as delivered to the other user's FriendshipUpdate streams.
public struct FriendshipEvent: Sendable, Equatable {
    public var action: FriendshipAction
    /// Who acted.
    public var from: Address
    /// Who is told.
    public var to: Address
    /// The action's id (`friendship_actions.id`).
    public var actionID: String
    /// Publication time, ms.
    public var timestamp: Int64
    /// The request's message, if any.
    public var message: String?
    /// The actor's profile (resolved once at publication; the fallback when unknown).
    public var sender: Profile

    public init(action: FriendshipAction, from: Address, to: Address, actionID: String, timestamp: Int64, message: String?, sender: Profile) {
        self.action = action
        self.from = from
        self.to = to
        self.actionID = actionID
        self.timestamp = timestamp
        self.message = message
        self.sender = sender
    }
}

/// A block or unblock, as delivered to the blocked user's BlockUpdate streams.
public struct BlockEvent: Sendable, Equatable {
    public var blocker: Address
    public var blocked: Address
    public var isBlocked: Bool

    public init(blocker: Address, blocked: Address, isBlocked: Bool) {
        self.blocker = blocker
        self.blocked = blocked
        self.isBlocked = isBlocked
    }
}

/// A friend's presence, as delivered to FriendConnectivityUpdate streams.
public struct ConnectivityEvent: Sendable, Equatable {
    public var friend: Profile
    public var status: Connectivity

    public init(friend: Profile, status: Connectivity) {
        self.friend = friend
        self.status = status
    }
}

/// The three live-update fan-outs of the service.
public final class UpdateHub: Sendable {
    /// FriendshipUpdate streams, keyed by the user told.
    public let friendships: SubscriptionHub<FriendshipEvent>
    /// BlockUpdate streams, keyed by the blocked user.
    public let blocks: SubscriptionHub<BlockEvent>
    /// FriendConnectivityUpdate streams, keyed by the friend told.
    public let connectivity: SubscriptionHub<ConnectivityEvent>

    /// - Parameters:
    ///   - bufferLimit: undelivered updates kept per subscription (default 1000).
    ///   - log: where dropped updates are reported.
    public init(bufferLimit: Int = 1000, log: SocialLog = .standardError) {
        friendships = SubscriptionHub(kind: "friendship updates", bufferLimit: bufferLimit, log: log)
        blocks = SubscriptionHub(kind: "block updates", bufferLimit: bufferLimit, log: log)
        connectivity = SubscriptionHub(kind: "friend connectivity updates", bufferLimit: bufferLimit, log: log)
    }

    /// Updates dropped by full subscription buffers, per stream kind (`friendship`, `block`,
    /// `connectivity`), for metrics.
    public var droppedCounts: [(stream: String, count: Int)] {
        [("friendship", friendships.droppedCount), ("block", blocks.droppedCount), ("connectivity", connectivity.droppedCount)]
    }

    /// Live subscriptions, all kinds together.
    public var subscriptionCount: Int {
        friendships.subscriptionCount + blocks.subscriptionCount + connectivity.subscriptionCount
    }

    /// Ends every subscription (shutdown).
    public func finishAll() {
        friendships.finishAll()
        blocks.finishAll()
        connectivity.finishAll()
    }
}
