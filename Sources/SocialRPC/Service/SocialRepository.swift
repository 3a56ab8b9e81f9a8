import SocialDomain

/// One friend in a friends list.
public struct FriendRow: Sendable, Equatable {
    public var address: Address
    /// The pair row's `created_at`, ms.
    public var friendshipCreatedAt: Int64

    public init(address: Address, friendshipCreatedAt: Int64) {
        self.address = address
        self.friendshipCreatedAt = friendshipCreatedAt
    }
}

/// A pending request as the request lists show it.
public struct FriendshipRequestRow: Sendable, Equatable {
    /// `friendship_actions.id` of the request.
    public var actionID: String
    /// The other user (the sender for pending, the receiver for sent).
    public var other: Address
    /// The action's timestamp, ms.
    public var createdAt: Int64
    /// The request's message, if any.
    public var message: String?

    public init(actionID: String, other: Address, createdAt: Int64, message: String?) {
        self.actionID = actionID
        self.other = other
        self.createdAt = createdAt
        self.message = message
    }
}

/// A block I hold.
public struct BlockRow: Sendable, Equatable {
    public var blocked: Address
    /// `blocks.blocked_at`, ms.
    public var blockedAt: Int64

    public init(blocked: Address, blockedAt: Int64) {
        self.blocked = blocked
        self.blockedAt = blockedAt
    }
}

/// A page of rows and the full count (`PaginatedResponse.total`).
public struct Page<Row: Sendable>: Sendable {
    public var rows: [Row]
    public var total: Int

    public init(rows: [Row], total: Int) {
        self.rows = rows
        self.total = total
    }
}

/// What a committed friendship action left behind.
public struct FriendshipWrite: Sendable, Equatable {
    /// The pair row's id (`friendships.id`).
    public var friendshipID: String
    /// The pair row's `created_at`, ms.
    public var friendshipCreatedAt: Int64
    /// The new action's id (`friendship_actions.id`).
    public var actionID: String

    public init(friendshipID: String, friendshipCreatedAt: Int64, actionID: String) {
        self.friendshipID = friendshipID
        self.friendshipCreatedAt = friendshipCreatedAt
        self.actionID = actionID
    }
}

/// The result of a friendship write: refused by the rules (checked inside the write's transaction), or done.
public enum FriendshipWriteOutcome: Sendable, Equatable {
    case refused(FriendshipStateMachine.Refusal)
    case recorded(FriendshipWrite)
}

/// What a committed block left behind.
public struct BlockWrite: Sendable, Equatable {
    /// The block's `blocked_at` (the first one when re-blocking), ms.
    public var blockedAt: Int64
    /// Whether a friendship row existed (and so was deactivated and got a `block` action).
    public var friendshipUpdated: Bool

    public init(blockedAt: Int64, friendshipUpdated: Bool) {
        self.blockedAt = blockedAt
        self.friendshipUpdated = friendshipUpdated
    }
}

/// What a committed unblock left behind.
public struct UnblockWrite: Sendable, Equatable {
    /// Whether the caller's block row existed and was removed.
    public var blockRemoved: Bool
    /// Whether a `delete` action was appended (only when a block was removed and a friendship row exists).
    public var deleteAppended: Bool

    public init(blockRemoved: Bool, deleteAppended: Bool) {
        self.blockRemoved = blockRemoved
        self.deleteAppended = deleteAppended
    }
}

/// The storage the social RPCs need. Each write method is one transaction that checks and writes
/// atomically; reads apply the block filters of spec §4.4.
public protocol SocialRepository: Sendable {
    /// Active friends with no block either way, newest friendship first.
    func friends(of user: Address, limit: Int, offset: Int) throws -> Page<FriendRow>
    /// Every active, unblocked friend (presence fan-out and snapshots).
    func allFriends(of user: Address) throws -> [Address]
    /// Users who are active, unblocked friends of both, by address.
    func mutualFriends(of user: Address, and other: Address, limit: Int, offset: Int) throws -> Page<Address>
    /// Requests others sent me that are their pair's newest action (inactive, unblocked), newest first.
    func pendingRequests(to user: Address, limit: Int, offset: Int) throws -> Page<FriendshipRequestRow>
    /// Requests I sent that are their pair's newest action (inactive, unblocked), newest first.
    func sentRequests(by user: Address, limit: Int, offset: Int) throws -> Page<FriendshipRequestRow>
    /// The pair's newest action, or a synthetic `block` by the blocker when only a blocks row exists.
    func lastAction(between a: Address, and b: Address) throws -> LastAction?
    /// Users I block, `blocked_at DESC, address ASC`.
    func blockedUsers(by user: Address, limit: Int, offset: Int) throws -> Page<BlockRow>
    /// Everyone I block and everyone blocking me.
    func blockingStatus(of user: Address) throws -> (blocked: [Address], blockedBy: [Address])
    /// Validates `action` (block either way, state machine) and records it: the pair row is created or
    /// updated (`is_active` = action is accept) and the action appended with `message` as metadata.
    func recordFriendshipAction(
        _ action: FriendshipAction, actor: Address, target: Address, message: String?, at timestamp: Int64
    ) throws -> FriendshipWriteOutcome
    /// Blocks (idempotent, keeps the first date); deactivates and appends `block` to an existing pair.
    func block(_ blocked: Address, by blocker: Address, at timestamp: Int64) throws -> BlockWrite
    /// Removes the caller's block; when one was removed and a pair row exists, appends `delete`.
    func unblock(_ blocked: Address, by blocker: Address, at timestamp: Int64) throws -> UnblockWrite
}
