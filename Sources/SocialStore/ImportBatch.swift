import SocialDomain

/// Rows the migration writes together, applied by `SocialStore.apply(_:)` in one transaction.
///
/// Every part is idempotent: applying the same batch twice changes nothing the second time, and the
/// result's counts say so.
public struct ImportBatch: Sendable, Equatable {
    /// Pair rows to upsert. A row for the pair (any id) is updated in place (`is_active`, `updated_at`);
    /// its id, requester, requested and `created_at` are kept. Otherwise the row is inserted as given.
    public var friendships: [FriendshipRecord]
    /// Actions inserted only when their id does not exist. An action whose `friendshipID` names a batch
    /// friendship that matched an existing row of another id is attached to that row.
    public var actions: [ActionRecord]
    /// Blocks inserted only when the (blocker, blocked) row does not exist (an existing one keeps its id
    /// and `blocked_at`).
    public var blocks: [BlockRecord]
    /// Provenance records, upserted by (kind, row id).
    public var legacySources: [LegacySource]
    /// Findings for the journal; one already recorded (same rule, pair, room and events) is skipped.
    public var conflicts: [ConflictRecord]
    /// Checkpoints to set (key → value), written with the batch so a resumed run starts after it.
    public var checkpoints: [String: String]
    /// The batch's time (ms) for `imported_at`, conflict `created_at` and checkpoint `updated_at`.
    public var now: Int64
    /// When false, an existing pair row also takes the batch row's requester, requested and `created_at`
    /// (its id is always kept). The default keeps them, as production never changes a row's origin.
    public var keepsExistingRowOrigin: Bool = true
    /// Rooms and the pairs they name, upserted by room id.
    public var rooms: [LegacyRoomRecord] = []
    /// Matrix events sync took into account (inserted once; an event seen before keeps its first outcome).
    public var syncEvents: [SyncEventRecord] = []
    /// The appservice transaction whose effects this batch holds, recorded with them.
    public var appServiceTransaction: AppServiceTransactionRecord?
    /// What the batch was planned against; checked first inside the transaction (`.staleBatch` when a pair
    /// moved on meanwhile, and nothing is written).
    public var expectations: [PairExpectation] = []

    /// A batch; every part defaults to empty.
    public init(
        friendships: [FriendshipRecord] = [], actions: [ActionRecord] = [], blocks: [BlockRecord] = [],
        legacySources: [LegacySource] = [], conflicts: [ConflictRecord] = [], checkpoints: [String: String] = [:],
        now: Int64
    ) {
        self.friendships = friendships
        self.actions = actions
        self.blocks = blocks
        self.legacySources = legacySources
        self.conflicts = conflicts
        self.checkpoints = checkpoints
        self.now = now
    }
}

/// What `SocialStore.apply(_:)` changed.
public struct ImportResult: Sendable, Equatable {
    /// Pair rows inserted.
    public var friendshipsInserted = 0
    /// Existing pair rows whose `is_active` or `updated_at` changed.
    public var friendshipsUpdated = 0
    /// Action rows inserted (those whose id already existed are skipped).
    public var actionsInserted = 0
    /// Block rows inserted (an existing (blocker, blocked) row is kept).
    public var blocksInserted = 0
    /// Provenance records inserted or changed.
    public var legacySourcesChanged = 0
    /// Findings journaled for the first time.
    public var conflictsInserted = 0
    /// Checkpoints whose value changed.
    public var checkpointsChanged = 0
    /// Batch friendship ids that matched an existing row of another id (batch id → row id).
    public var friendshipIDRemaps: [String: String] = [:]

    /// All zero.
    public init() {}

    /// Whether the batch changed any social row (friendships, actions, blocks); bookkeeping aside.
    public var changedSocialRows: Bool { friendshipsInserted + friendshipsUpdated + actionsInserted + blocksInserted > 0 }
    /// Whether the batch changed anything at all.
    public var changedAnything: Bool {
        changedSocialRows || legacySourcesChanged + conflictsInserted + checkpointsChanged > 0
    }

    /// Sums two results (for a run made of several batches).
    public static func + (lhs: ImportResult, rhs: ImportResult) -> ImportResult {
        var sum = lhs
        sum.friendshipsInserted += rhs.friendshipsInserted
        sum.friendshipsUpdated += rhs.friendshipsUpdated
        sum.actionsInserted += rhs.actionsInserted
        sum.blocksInserted += rhs.blocksInserted
        sum.legacySourcesChanged += rhs.legacySourcesChanged
        sum.conflictsInserted += rhs.conflictsInserted
        sum.checkpointsChanged += rhs.checkpointsChanged
        sum.friendshipIDRemaps.merge(rhs.friendshipIDRemaps) { _, new in new }
        return sum
    }
}

/// A `legacy_sources` record: the Matrix origin of an imported row.
public struct LegacySource: Sendable, Hashable {
    /// Which table the row is in.
    public enum Kind: String, Sendable, CaseIterable {
        /// A `friendships` row (from the winning room).
        case friendship
        /// A `friendship_actions` row (from a Matrix event).
        case action
        /// A `blocks` row (from a profile's blocked list).
        case block
    }

    /// The table.
    public var kind: Kind
    /// The row's id in that table.
    public var rowID: String
    /// The Matrix room the row came from (friendships, actions); nil for profile blocks.
    public var roomID: String?
    /// The Matrix event the row came from (actions); nil otherwise.
    public var eventID: String?
    /// The run that imported it.
    public var runID: String?

    /// A record.
    public init(kind: Kind, rowID: String, roomID: String? = nil, eventID: String? = nil, runID: String? = nil) {
        self.kind = kind
        self.rowID = rowID
        self.roomID = roomID
        self.eventID = eventID
        self.runID = runID
    }
}

/// A `conflicts` record: one journaled finding of a run.
public struct ConflictRecord: Sendable, Hashable {
    /// Row id (assigned by the store; ignored when inserting).
    public var id: Int64?
    /// The run that found it.
    public var runID: String
    /// The rule's name (`crossed_requests`, `history_mismatch`, …).
    public var rule: String
    /// The pair concerned, if any.
    public var pair: AddressPair?
    /// The room concerned, if any.
    public var roomID: String?
    /// The events concerned (stored as a JSON array).
    public var eventIDs: [String]
    /// Free text for people.
    public var detail: String
    /// When it was recorded, ms (set by the store to the batch's `now` when inserting).
    public var createdAt: Int64

    /// A finding.
    public init(id: Int64? = nil, runID: String, rule: String, pair: AddressPair? = nil, roomID: String? = nil,
                eventIDs: [String] = [], detail: String = "", createdAt: Int64 = 0) {
        self.id = id
        self.runID = runID
        self.rule = rule
        self.pair = pair
        self.roomID = roomID
        self.eventIDs = eventIDs
        self.detail = detail
        self.createdAt = createdAt
    }
}
