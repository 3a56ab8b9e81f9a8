import SocialDomain

/// The result of `SocialStore.upsertFriendship`.
public enum UpsertOutcome: Hashable, Sendable {
    /// The action was recorded.
    case applied(AppliedUpsert)
    /// The action was refused; nothing was written. The refusal carries the reference's message.
    case refused(FriendshipStateMachine.Refusal)
}

/// What an applied UpsertFriendship wrote.
public struct AppliedUpsert: Hashable, Sendable {
    /// The pair row's id (the reply's `accepted.id`).
    public var friendshipID: String
    /// The pair row's `created_at`, ms (the reply's `accepted.created_at`).
    public var friendshipCreatedAt: Int64
    /// The new action's id (the FriendshipUpdate's id).
    public var actionID: String
    /// The new action's timestamp, ms.
    public var timestamp: Int64
    /// `is_active` after the action.
    public var isActive: Bool
    /// Whether the pair row was created by this action.
    public var createdFriendship: Bool

    /// A value.
    public init(friendshipID: String, friendshipCreatedAt: Int64, actionID: String, timestamp: Int64, isActive: Bool, createdFriendship: Bool) {
        self.friendshipID = friendshipID
        self.friendshipCreatedAt = friendshipCreatedAt
        self.actionID = actionID
        self.timestamp = timestamp
        self.isActive = isActive
        self.createdFriendship = createdFriendship
    }
}

/// The result of `SocialStore.block`.
public struct BlockOutcome: Hashable, Sendable {
    /// The blocks row (the original one when re-blocking).
    public var block: BlockRecord
    /// Whether this call created the row (false when the block already existed).
    public var created: Bool
    /// Whether a friendship row exists for the pair (then a `block` action was appended).
    public var friendshipExisted: Bool
    /// The appended `block` action's id, when one was appended.
    public var actionID: String?

    /// A value.
    public init(block: BlockRecord, created: Bool, friendshipExisted: Bool, actionID: String?) {
        self.block = block
        self.created = created
        self.friendshipExisted = friendshipExisted
        self.actionID = actionID
    }
}

/// The result of `SocialStore.unblock`.
public struct UnblockOutcome: Hashable, Sendable {
    /// Whether the caller's block row existed and was deleted.
    public var removedBlock: Bool
    /// Whether a friendship row exists for the pair.
    public var friendshipExisted: Bool
    /// The appended `delete` action's id: only when a block was removed and a friendship row exists.
    public var actionID: String?

    /// A value.
    public init(removedBlock: Bool, friendshipExisted: Bool, actionID: String?) {
        self.removedBlock = removedBlock
        self.friendshipExisted = friendshipExisted
        self.actionID = actionID
    }
}
