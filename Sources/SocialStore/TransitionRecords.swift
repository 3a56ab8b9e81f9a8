import SocialDomain

/// A `legacy_rooms` row: a Matrix room the bridge derived, and the pair its membership names.
public struct LegacyRoomRecord: Sendable, Hashable {
    /// The room id.
    public var roomID: String
    /// The pair of its two participants, nil when the room names none (channel, one or three members…).
    public var pair: AddressPair?
    /// The replacement room named by the room's `m.room.tombstone`, if it was upgraded.
    public var replacedBy: String?

    /// A row value.
    public init(roomID: String, pair: AddressPair?, replacedBy: String? = nil) {
        self.roomID = roomID
        self.pair = pair
        self.replacedBy = replacedBy
    }
}

/// A `sync_events` row: a Matrix event sync has already taken into account (redelivery is a no-op).
public struct SyncEventRecord: Sendable, Hashable {
    /// The event id.
    public var eventID: String
    /// Its room, when the event named one.
    public var roomID: String?
    /// What sync did with it: `applied`, `echo`, `ignored`, `rejected`.
    public var outcome: String

    /// A row value.
    public init(eventID: String, roomID: String?, outcome: String) {
        self.eventID = eventID
        self.roomID = roomID
        self.outcome = outcome
    }
}

/// An `appservice_transactions` row: a transaction Synapse pushed, identified by its id and body digest.
public struct AppServiceTransactionRecord: Sendable, Hashable {
    /// The `txnId` of the path.
    public var transactionID: String
    /// Hex digest of the body.
    public var bodyDigest: String
    /// Events the body carried.
    public var eventCount: Int

    /// A row value.
    public init(transactionID: String, bodyDigest: String, eventCount: Int) {
        self.transactionID = transactionID
        self.bodyDigest = bodyDigest
        self.eventCount = eventCount
    }
}

/// What an import batch assumed about one pair when it was planned; `SocialStore.apply(_:)` refuses the
/// batch (`.staleBatch`) when the pair changed since, so a concurrent RPC write is never overwritten.
public struct PairExpectation: Sendable, Hashable {
    /// The pair.
    public var pair: AddressPair
    /// Id of the pair's newest action when planned; nil when the pair had no action.
    public var newestActionID: String?
    /// Whether a blocks row existed between the two (either direction).
    public var blocked: Bool

    /// An expectation.
    public init(pair: AddressPair, newestActionID: String?, blocked: Bool) {
        self.pair = pair
        self.newestActionID = newestActionID
        self.blocked = blocked
    }
}

/// What the mirror must write into Matrix for one new-side action (legacy-matrix §9.4).
public enum OutboxKind: String, Sendable, CaseIterable, Codable {
    case request, accept, reject, cancel, delete, block, unblock

    /// The outbox kind of an UpsertFriendship action (`block` has its own path).
    public init(_ action: FriendshipAction) {
        switch action {
        case .request: self = .request
        case .accept: self = .accept
        case .reject: self = .reject
        case .cancel: self = .cancel
        case .delete: self = .delete
        case .block: self = .block
        }
    }

    /// The friendship action written into Matrix as is (§9.4 first row); nil for block and unblock, whose
    /// writes depend on the room's current `""` state.
    public var friendshipAction: FriendshipAction? {
        switch self {
        case .request: return .request
        case .accept: return .accept
        case .reject: return .reject
        case .cancel: return .cancel
        case .delete: return .delete
        case .block, .unblock: return nil
        }
    }
}

/// Where an outbox row stands.
public enum OutboxState: String, Sendable, Codable {
    /// Waiting for delivery (or for its retry time).
    case pending
    /// Written into Matrix.
    case delivered
    /// Nothing was written on purpose (superseded by a newer legacy action).
    case skipped
    /// Given up after a permanent error; kept with its error for operators.
    case failed
}

/// A `mirror_outbox` row.
public struct OutboxEntry: Sendable, Hashable {
    /// Delivery order (per pair, ascending).
    public var id: Int64
    /// The pair.
    public var pair: AddressPair
    /// What to write.
    public var kind: OutboxKind
    /// The new-side action's id (the marker written into Matrix); nil for a block or unblock of a pair
    /// without a friendship row.
    public var actionID: String?
    /// Who acted (the Matrix writes are made as this user).
    public var actor: Address
    /// The other member.
    public var target: Address
    /// A request's message.
    public var message: String?
    /// When the action was committed, ms.
    public var createdAt: Int64
    /// Delivery state.
    public var state: OutboxState
    /// Attempts made so far.
    public var attempts: Int
    /// The room chosen (or created) by an earlier attempt.
    public var roomID: String?
    /// Whether an earlier attempt sent `createRoom` without learning its outcome.
    public var createAttempted: Bool
    /// The last attempt's error.
    public var lastError: String?

    /// A row value.
    public init(id: Int64, pair: AddressPair, kind: OutboxKind, actionID: String?, actor: Address, target: Address,
                message: String?, createdAt: Int64, state: OutboxState = .pending, attempts: Int = 0,
                roomID: String? = nil, createAttempted: Bool = false, lastError: String? = nil) {
        self.id = id
        self.pair = pair
        self.kind = kind
        self.actionID = actionID
        self.actor = actor
        self.target = target
        self.message = message
        self.createdAt = createdAt
        self.state = state
        self.attempts = attempts
        self.roomID = roomID
        self.createAttempted = createAttempted
        self.lastError = lastError
    }
}
