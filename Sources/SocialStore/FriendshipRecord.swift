import SocialDomain

/// A `friendships` row: one per unordered pair, created by the pair's first requester.
public struct FriendshipRecord: Hashable, Sendable {
    /// Lowercase UUID.
    public var id: String
    /// `address_requester`: who sent the first request (never changes after creation).
    public var requester: Address
    /// `address_requested`: the other member.
    public var requested: Address
    /// `is_active`: true while the two are friends.
    public var isActive: Bool
    /// Milliseconds since the epoch.
    public var createdAt: Int64
    /// Milliseconds since the epoch.
    public var updatedAt: Int64

    /// A row value.
    public init(id: String, requester: Address, requested: Address, isActive: Bool, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.requester = requester
        self.requested = requested
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The pair the row describes (nil only for a corrupt self-pair row).
    public var pair: AddressPair? { AddressPair(requester, requested) }
}

/// A `friendship_actions` row: one entry of a pair's append-only log.
public struct ActionRecord: Hashable, Sendable {
    /// Lowercase UUID.
    public var id: String
    /// The pair's `friendships.id`.
    public var friendshipID: String
    /// What was done.
    public var action: FriendshipAction
    /// Who did it.
    public var actingUser: Address
    /// The request message (`metadata.message`); only requests carry one, never empty.
    public var message: String?
    /// Milliseconds since the epoch.
    public var timestamp: Int64

    /// A row value. An empty `message` is stored as no message (production stores metadata only for non-empty text).
    public init(id: String, friendshipID: String, action: FriendshipAction, actingUser: Address, message: String?, timestamp: Int64) {
        self.id = id
        self.friendshipID = friendshipID
        self.action = action
        self.actingUser = actingUser
        self.message = message.flatMap { $0.isEmpty ? nil : $0 }
        self.timestamp = timestamp
    }

    /// The domain view (action and actor).
    public var lastAction: LastAction { LastAction(action, by: actingUser) }
}

/// A `blocks` row.
public struct BlockRecord: Hashable, Sendable {
    /// Lowercase UUID.
    public var id: String
    /// Who blocks.
    public var blocker: Address
    /// Who is blocked.
    public var blocked: Address
    /// Milliseconds since the epoch; kept from the first block when re-blocked.
    public var blockedAt: Int64

    /// A row value.
    public init(id: String, blocker: Address, blocked: Address, blockedAt: Int64) {
        self.id = id
        self.blocker = blocker
        self.blocked = blocked
        self.blockedAt = blockedAt
    }
}

/// One page of a list plus the full row count (`total` of the protocol's pagination data).
public struct Page<Element: Sendable>: Sendable {
    /// The rows of this page, in the list's order.
    public var items: [Element]
    /// How many rows the whole list has.
    public var total: Int

    /// A page.
    public init(items: [Element], total: Int) {
        self.items = items
        self.total = total
    }
}

extension Page: Equatable where Element: Equatable {}
