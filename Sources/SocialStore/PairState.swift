import SocialDomain

/// A pair's current state as the state machine and GetFriendshipStatus read it: the newest action, or
/// the synthetic block when only a blocks row exists (rpc-protocol §4.2).
public struct PairState: Hashable, Sendable {
    /// The newest action (or synthetic block) and its actor.
    public var last: LastAction
    /// Its timestamp (the block's `blocked_at` for a synthetic block), ms.
    public var timestamp: Int64
    /// The action row's id; nil for a synthetic block.
    public var actionID: String?
    /// Whether the action row was imported from Matrix (has a `legacy_sources` record); false for a synthetic block.
    public var isImported: Bool

    /// A state value.
    public init(last: LastAction, timestamp: Int64, actionID: String?, isImported: Bool) {
        self.last = last
        self.timestamp = timestamp
        self.actionID = actionID
        self.isImported = isImported
    }

    /// True when no action row exists and the state comes from a blocks row.
    public var isSynthetic: Bool { actionID == nil }
}

/// An entry of a friends list.
public struct FriendEntry: Hashable, Sendable {
    /// The friend (the member other than the user asked about).
    public var address: Address
    /// The pair's `friendships.id`.
    public var friendshipID: String
    /// The pair row's `created_at`, ms (the list's order).
    public var createdAt: Int64

    /// An entry.
    public init(address: Address, friendshipID: String, createdAt: Int64) {
        self.address = address
        self.friendshipID = friendshipID
        self.createdAt = createdAt
    }
}

/// An entry of a pending or sent request list (FriendshipRequestResponse's fields).
public struct RequestEntry: Hashable, Sendable {
    /// The request action's id.
    public var actionID: String
    /// The pair's `friendships.id`.
    public var friendshipID: String
    /// The member other than the user asked about (the sender for pending, the receiver for sent).
    public var other: Address
    /// The request's timestamp, ms.
    public var createdAt: Int64
    /// The request message, nil when none.
    public var message: String?

    /// An entry.
    public init(actionID: String, friendshipID: String, other: Address, createdAt: Int64, message: String?) {
        self.actionID = actionID
        self.friendshipID = friendshipID
        self.other = other
        self.createdAt = createdAt
        self.message = message
    }
}

/// GetBlockingStatus's two lists.
public struct BlockingStatus: Hashable, Sendable {
    /// Blocks the user made (`blocker` = the user), newest first.
    public var blocked: [BlockRecord]
    /// Blocks against the user (`blocked` = the user), newest first.
    public var blockedBy: [BlockRecord]

    /// A status value.
    public init(blocked: [BlockRecord], blockedBy: [BlockRecord]) {
        self.blocked = blocked
        self.blockedBy = blockedBy
    }
}
