import SocialDomain

/// A friendship action as the store holds it.
public struct StoredAction: Sendable, Hashable {
    public var id: String
    public var action: FriendshipAction
    public var actingUser: Address
    public var timestamp: Int64
    /// Whether it was imported from Matrix (else made on the new side).
    public var imported: Bool

    public init(id: String, action: FriendshipAction, actingUser: Address, timestamp: Int64, imported: Bool) {
        self.id = id
        self.action = action
        self.actingUser = actingUser
        self.timestamp = timestamp
        self.imported = imported
    }
}

/// A pair's friendship row and newest action.
public struct StoredPair: Sendable, Hashable {
    public var friendshipID: String
    public var requester: Address
    public var requested: Address
    public var isActive: Bool
    public var createdAt: Int64
    public var updatedAt: Int64
    public var newestAction: StoredAction?

    public init(friendshipID: String, requester: Address, requested: Address, isActive: Bool,
                createdAt: Int64, updatedAt: Int64, newestAction: StoredAction?) {
        self.friendshipID = friendshipID
        self.requester = requester
        self.requested = requested
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.newestAction = newestAction
    }
}

/// A `blocks` row.
public struct StoredBlock: Sendable, Hashable {
    public var id: String
    public var blocker: Address
    public var blocked: Address
    public var blockedAt: Int64

    public init(id: String, blocker: Address, blocked: Address, blockedAt: Int64) {
        self.id = id
        self.blocker = blocker
        self.blocked = blocked
        self.blockedAt = blockedAt
    }
}

/// Where a migrate run stands, saved in the same transaction as each batch.
public struct MigrationCheckpoint: Sendable, Hashable, Codable {
    /// The run's start (ms); blocks imported by the run get it as `blocked_at` (§7.3), also after a resume.
    public var runStartedAt: Int64
    /// Pairs up to this one (`lo+hi`, in pair order) are written.
    public var lastPair: String?
    /// Whether the block phase finished.
    public var blocksDone: Bool
    /// Whether the whole run finished (the next run starts afresh).
    public var completed: Bool

    public init(runStartedAt: Int64, lastPair: String? = nil, blocksDone: Bool = false, completed: Bool = false) {
        self.runStartedAt = runStartedAt
        self.lastPair = lastPair
        self.blocksDone = blocksDone
        self.completed = completed
    }
}

/// The rows one transaction writes: a pair is never split across two batches.
public struct MigrationBatch: Sendable, Hashable {
    /// A friendship row to insert, or to update (`is_active`, `updated_at`) when it exists.
    public struct Friendship: Sendable, Hashable {
        public var id: String
        public var requester: Address
        public var requested: Address
        public var isActive: Bool
        public var createdAt: Int64
        public var updatedAt: Int64

        public init(id: String, requester: Address, requested: Address, isActive: Bool, createdAt: Int64, updatedAt: Int64) {
            self.id = id
            self.requester = requester
            self.requested = requested
            self.isActive = isActive
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }
    }

    /// An action to append (never rewritten: its id is deterministic).
    public struct Action: Sendable, Hashable {
        public var id: String
        public var friendshipID: String
        public var action: FriendshipAction
        public var actingUser: Address
        /// Request message (`metadata` `{"message": …}`), if any.
        public var message: String?
        public var timestamp: Int64
        /// The Matrix event it came from (`nil` for block actions from profiles).
        public var legacyEventID: String?
        /// The Matrix room it came from.
        public var legacyRoomID: String?

        public init(id: String, friendshipID: String, action: FriendshipAction, actingUser: Address, message: String?,
                    timestamp: Int64, legacyEventID: String?, legacyRoomID: String?) {
            self.id = id
            self.friendshipID = friendshipID
            self.action = action
            self.actingUser = actingUser
            self.message = message
            self.timestamp = timestamp
            self.legacyEventID = legacyEventID
            self.legacyRoomID = legacyRoomID
        }
    }

    public var friendships: [Friendship] = []
    public var actions: [Action] = []
    /// Blocks to insert (ids are recorded as imported).
    public var blocks: [StoredBlock] = []
    /// Rules applied, for the `conflicts` table.
    public var conflicts: [JournalEntry] = []
    /// Saved with the batch.
    public var checkpoint: MigrationCheckpoint?
    /// Rooms derived, with the pair each names (sync re-derives a pair from all of its rooms).
    public var rooms: [RoomIndexEntry] = []
    /// Matrix events taken into account by sync (redelivery of one is a no-op).
    public var processedEvents: [ProcessedEvent] = []
    /// The appservice transaction whose effects the batch holds.
    public var transaction: TransactionMark?
    /// The `run_id` journaled with the batch's conflicts and provenance (default `migrate-<run start>`).
    public var runID: String?
    /// Other cursors to save with the batch (`sync_checkpoints` key → value), e.g. sync's per-room positions.
    public var positions: [String: String] = [:]
    /// What the batch was planned against; the store refuses it (`MigrationStoreError.stale`) when one of
    /// these pairs changed meanwhile, and nothing is written.
    public var guards: [PairGuard] = []

    public init() {}

    /// Whether the batch writes no data row (conflicts and checkpoint aside).
    public var hasNoRows: Bool { friendships.isEmpty && actions.isEmpty && blocks.isEmpty }
}

/// A room the derivation read, and the pair its membership names (nil: none).
public struct RoomIndexEntry: Sendable, Hashable {
    public var roomID: String
    public var pair: AddressPair?
    /// The `m.room.tombstone` replacement, if the room was upgraded.
    public var replacedBy: String?

    public init(roomID: String, pair: AddressPair?, replacedBy: String? = nil) {
        self.roomID = roomID
        self.pair = pair
        self.replacedBy = replacedBy
    }
}

/// A Matrix event sync has taken into account, with what it did (`applied`, `echo`, `ignored`, `rejected`).
public struct ProcessedEvent: Sendable, Hashable {
    public var eventID: String
    public var roomID: String?
    public var outcome: String

    public init(eventID: String, roomID: String?, outcome: String) {
        self.eventID = eventID
        self.roomID = roomID
        self.outcome = outcome
    }
}

/// An appservice transaction: its id and a digest of its body (Synapse reuses ids across registrations).
public struct TransactionMark: Sendable, Hashable {
    public var id: String
    public var bodyDigest: String
    public var eventCount: Int

    public init(id: String, bodyDigest: String, eventCount: Int) {
        self.id = id
        self.bodyDigest = bodyDigest
        self.eventCount = eventCount
    }
}

/// A pair's state as a batch was planned against: its newest action and whether a block exists.
public struct PairGuard: Sendable, Hashable {
    public var pair: AddressPair
    public var newestActionID: String?
    public var blocked: Bool

    public init(pair: AddressPair, newestActionID: String?, blocked: Bool) {
        self.pair = pair
        self.newestActionID = newestActionID
        self.blocked = blocked
    }
}

/// Why `MigrationStore.apply(_:)` refused a batch.
public enum MigrationStoreError: Error, Equatable, Sendable {
    /// A guarded pair changed after the batch was planned (a concurrent RPC write): plan again.
    case stale
}

/// The store as the migration sees it (implemented over `SocialStore` by an adapter, in memory by tests).
public protocol MigrationStore: Sendable {
    /// The pair's row and newest action, `nil` when the pair has no row.
    func pair(_ pair: AddressPair) async throws -> StoredPair?
    /// The block `blocker → blocked`, if any.
    func block(blocker: Address, blocked: Address) async throws -> StoredBlock?
    /// Whether an action with this id exists.
    func actionExists(id: String) async throws -> Bool
    /// Whether the mirror recorded this Matrix event id as its own write (§9.6).
    func isBridgeEvent(eventID: String) async throws -> Bool
    /// Whether a block with this id was ever imported (it may have been removed since: an unblock).
    func wasBlockImported(id: String) async throws -> Bool
    /// The migrate checkpoint, if a run ever saved one.
    func checkpoint() async throws -> MigrationCheckpoint?
    /// Writes a batch in one transaction, including its checkpoint.
    /// - Throws: `MigrationStoreError.stale` when a guard no longer holds (nothing written).
    func apply(_ batch: MigrationBatch) async throws
    /// The rooms known to name `pair` (from earlier runs and sync).
    func rooms(of pair: AddressPair) async throws -> [RoomIndexEntry]
    /// What is known of one room.
    func room(_ roomID: String) async throws -> RoomIndexEntry?
}
