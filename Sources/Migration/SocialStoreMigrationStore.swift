import Foundation
import SocialDomain
import SocialStore

/// `MigrationStore` over `SocialStore`: batches become `ImportBatch`es (with provenance records and
/// the checkpoint under the key `migrate`), applied in one transaction each.
public struct SocialStoreMigrationStore: MigrationStore {
    /// The checkpoint key in `sync_checkpoints`.
    public static let checkpointKey = "migrate"
    private let store: SocialStore

    public init(store: SocialStore) { self.store = store }

    public func pair(_ pair: AddressPair) async throws -> StoredPair? {
        guard let row = try store.friendship(between: pair.lo, and: pair.hi) else { return nil }
        let newest = try store.newestAction(of: pair).map { newest in
            StoredAction(id: newest.action.id, action: newest.action.action, actingUser: newest.action.actingUser,
                         timestamp: newest.action.timestamp, imported: newest.isImported)
        }
        return StoredPair(friendshipID: row.id, requester: row.requester, requested: row.requested, isActive: row.isActive,
                          createdAt: row.createdAt, updatedAt: row.updatedAt, newestAction: newest)
    }

    public func block(blocker: Address, blocked: Address) async throws -> StoredBlock? {
        try store.block(blocker: blocker, blocked: blocked).map {
            StoredBlock(id: $0.id, blocker: $0.blocker, blocked: $0.blocked, blockedAt: $0.blockedAt)
        }
    }

    public func actionExists(id: String) async throws -> Bool { try store.actionExists(id: id) }

    /// The mirror records every event id its writes returned (§9.6).
    public func isBridgeEvent(eventID: String) async throws -> Bool { try store.isMirrorEvent(eventID) }

    public func wasBlockImported(id: String) async throws -> Bool { try store.wasBlockImported(id: id) }

    public func checkpoint() async throws -> MigrationCheckpoint? {
        guard let text = try store.checkpoint(Self.checkpointKey) else { return nil }
        return try? JSONDecoder().decode(MigrationCheckpoint.self, from: Data(text.utf8))
    }

    public func apply(_ batch: MigrationBatch) async throws {
        do {
            _ = try store.apply(try Self.importBatch(batch))
        } catch let error as SocialStoreError where error.code == .staleBatch {
            throw MigrationStoreError.stale
        }
    }

    public func rooms(of pair: AddressPair) async throws -> [RoomIndexEntry] {
        try store.legacyRooms(of: pair).map { RoomIndexEntry(roomID: $0.roomID, pair: $0.pair, replacedBy: $0.replacedBy) }
    }

    public func room(_ roomID: String) async throws -> RoomIndexEntry? {
        try store.legacyRoom(roomID).map { RoomIndexEntry(roomID: $0.roomID, pair: $0.pair, replacedBy: $0.replacedBy) }
    }

    /// The `ImportBatch` of a migration batch.
    /// - Throws: `EncodingError` if the checkpoint cannot be encoded.
    static func importBatch(_ batch: MigrationBatch) throws -> ImportBatch {
        let runStart = batch.checkpoint?.runStartedAt ?? SocialStore.nowMilliseconds()
        let runID = batch.runID ?? "migrate-\(runStart)"
        var result = ImportBatch(now: runStart)
        result.friendships = batch.friendships.map {
            FriendshipRecord(id: $0.id, requester: $0.requester, requested: $0.requested, isActive: $0.isActive,
                             createdAt: $0.createdAt, updatedAt: $0.updatedAt)
        }
        for action in batch.actions {
            result.actions.append(ActionRecord(id: action.id, friendshipID: action.friendshipID, action: action.action,
                                               actingUser: action.actingUser, message: action.message, timestamp: action.timestamp))
            result.legacySources.append(LegacySource(kind: .action, rowID: action.id, roomID: action.legacyRoomID,
                                                     eventID: action.legacyEventID, runID: runID))
            if let room = action.legacyRoomID {
                result.legacySources.append(LegacySource(kind: .friendship, rowID: action.friendshipID, roomID: room, runID: runID))
            }
        }
        for block in batch.blocks {
            result.blocks.append(BlockRecord(id: block.id, blocker: block.blocker, blocked: block.blocked, blockedAt: block.blockedAt))
            result.legacySources.append(LegacySource(kind: .block, rowID: block.id, runID: runID))
        }
        result.conflicts = batch.conflicts.map { entry in
            ConflictRecord(runID: runID, rule: entry.rule.rawValue, pair: entry.pair.flatMap(Self.pair(from:)),
                           roomID: entry.roomID, eventIDs: entry.eventIDs, detail: entry.detail ?? "")
        }
        result.checkpoints.merge(batch.positions) { _, new in new }
        result.rooms = batch.rooms.map { LegacyRoomRecord(roomID: $0.roomID, pair: $0.pair, replacedBy: $0.replacedBy) }
        result.syncEvents = batch.processedEvents.map { SyncEventRecord(eventID: $0.eventID, roomID: $0.roomID, outcome: $0.outcome) }
        result.appServiceTransaction = batch.transaction.map {
            AppServiceTransactionRecord(transactionID: $0.id, bodyDigest: $0.bodyDigest, eventCount: $0.eventCount)
        }
        result.expectations = batch.guards.map { PairExpectation(pair: $0.pair, newestActionID: $0.newestActionID, blocked: $0.blocked) }
        if let checkpoint = batch.checkpoint {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let data = try encoder.encode(checkpoint)
            result.checkpoints[checkpointKey] = String(decoding: data, as: UTF8.self)
        }
        return result
    }

    private static func pair(from text: String) -> AddressPair? {
        let parts = text.split(separator: "+")
        guard parts.count == 2, let a = Address(parts[0]), let b = Address(parts[1]) else { return nil }
        return AddressPair(a, b)
    }
}
