import Migration
import SocialDomain

/// A `MigrationStore` in memory: the reference the engine tests write to, with an export for comparisons.
actor InMemoryStore: MigrationStore {
    private(set) var friendships: [String: MigrationBatch.Friendship] = [:]
    private(set) var actions: [String: (action: MigrationBatch.Action, imported: Bool)] = [:]
    private(set) var blocks: [String: StoredBlock] = [:]
    private(set) var importedBlockIDs: Set<String> = []
    private(set) var conflicts: [JournalEntry] = []
    private(set) var savedCheckpoint: MigrationCheckpoint?
    private(set) var batchesApplied = 0
    var bridgeEvents: Set<String> = []
    /// Pairs `diff` is told have mirror writes pending.
    var pendingMirror: Set<AddressPair> = []
    /// Pair pages `diff` read (paging tests).
    var pairPagesRead = 0
    /// Fails the apply call number `failAt` (1-based), to simulate a crash between batches.
    var failAt: Int?

    struct Crash: Error {}

    func pair(_ pair: AddressPair) async throws -> StoredPair? {
        guard let row = friendships[BridgeIDs.friendship(pair)] ?? friendships.values.first(where: {
            AddressPair($0.requester, $0.requested) == pair
        }) else { return nil }
        let newest = actions.values.filter { $0.action.friendshipID == row.id }
            .max { ($0.action.timestamp, $0.action.id) < ($1.action.timestamp, $1.action.id) }
        return StoredPair(friendshipID: row.id, requester: row.requester, requested: row.requested, isActive: row.isActive,
                          createdAt: row.createdAt, updatedAt: row.updatedAt,
                          newestAction: newest.map { StoredAction(id: $0.action.id, action: $0.action.action, actingUser: $0.action.actingUser,
                                                                  timestamp: $0.action.timestamp, imported: $0.imported) })
    }

    func block(blocker: Address, blocked: Address) async throws -> StoredBlock? {
        blocks.values.first { $0.blocker == blocker && $0.blocked == blocked }
    }

    func actionExists(id: String) async throws -> Bool { actions[id] != nil }
    func isBridgeEvent(eventID: String) async throws -> Bool { bridgeEvents.contains(eventID) }
    func wasBlockImported(id: String) async throws -> Bool { importedBlockIDs.contains(id) }
    func checkpoint() async throws -> MigrationCheckpoint? { savedCheckpoint }

    private(set) var roomIndex: [String: RoomIndexEntry] = [:]

    func rooms(of pair: AddressPair) async throws -> [RoomIndexEntry] {
        roomIndex.values.filter { $0.pair == pair }.sorted { $0.roomID < $1.roomID }
    }

    func room(_ roomID: String) async throws -> RoomIndexEntry? { roomIndex[roomID] }

    func apply(_ batch: MigrationBatch) async throws {
        batchesApplied += 1
        if let failAt, batchesApplied == failAt { throw Crash() }
        for guarded in batch.guards {
            let newest = try await pair(guarded.pair)?.newestAction?.id
            let blockedNow = blocks.values.contains { guarded.pair.contains($0.blocker) && guarded.pair.contains($0.blocked) }
            if newest != guarded.newestActionID || blockedNow != guarded.blocked { throw MigrationStoreError.stale }
        }
        for room in batch.rooms { roomIndex[room.roomID] = room }
        for row in batch.friendships {
            if var existing = friendships[row.id] {
                existing.isActive = row.isActive
                existing.updatedAt = row.updatedAt
                friendships[row.id] = existing
            } else {
                friendships[row.id] = row
            }
        }
        for action in batch.actions where actions[action.id] == nil { actions[action.id] = (action, true) }
        for block in batch.blocks where blocks[block.id] == nil {
            blocks[block.id] = block
            importedBlockIDs.insert(block.id)
        }
        conflicts.append(contentsOf: batch.conflicts)
        if let checkpoint = batch.checkpoint { savedCheckpoint = checkpoint }
    }

    // MARK: New-side actions (what the RPC service would do)

    func addNewSideAction(_ action: FriendshipAction, by actor: Address, pair: AddressPair, at timestamp: Int64, id: String) {
        let friendshipID = friendships.values.first { AddressPair($0.requester, $0.requested) == pair }?.id ?? BridgeIDs.friendship(pair)
        if friendships[friendshipID] == nil {
            friendships[friendshipID] = .init(id: friendshipID, requester: actor, requested: pair.other(than: actor) ?? pair.hi,
                                              isActive: false, createdAt: timestamp, updatedAt: timestamp)
        }
        friendships[friendshipID]?.isActive = action == .accept
        friendships[friendshipID]?.updatedAt = timestamp
        actions[id] = (.init(id: id, friendshipID: friendshipID, action: action, actingUser: actor, message: nil,
                             timestamp: timestamp, legacyEventID: nil, legacyRoomID: nil), false)
    }

    func addNewSideBlock(blocker: Address, blocked: Address, at timestamp: Int64) {
        let id = "new-side-block-\(blocker.rawValue)-\(blocked.rawValue)"
        blocks[id] = StoredBlock(id: id, blocker: blocker, blocked: blocked, blockedAt: timestamp)
    }

    func removeBlock(blocker: Address, blocked: Address) {
        blocks = blocks.filter { !($0.value.blocker == blocker && $0.value.blocked == blocked) }
    }

    /// Removes a pair's row and its actions (a store that lost the pair).
    func deletePair(_ pair: AddressPair) {
        let ids = Set(friendships.values.filter { AddressPair($0.requester, $0.requested) == pair }.map(\.id))
        friendships = friendships.filter { !ids.contains($0.key) }
        actions = actions.filter { !ids.contains($0.value.action.friendshipID) }
    }

    /// Rewrites a row's requester (a tampered `address_requester`).
    func setRequester(_ pair: AddressPair, to requester: Address) {
        guard let row = friendships.values.first(where: { AddressPair($0.requester, $0.requested) == pair }) else { return }
        friendships[row.id]?.requester = requester
        friendships[row.id]?.requested = pair.other(than: requester) ?? pair.hi
    }

    func setPendingMirror(_ pairs: Set<AddressPair>) { pendingMirror = pairs }

    /// Everything an `export` would show, in a stable order.
    func export() -> [String] {
        friendships.values.map { "F \($0.id) \($0.requester) \($0.requested) \($0.isActive) \($0.createdAt) \($0.updatedAt)" }.sorted()
            + actions.values.map { "A \($0.action.id) \($0.action.friendshipID) \($0.action.action) \($0.action.actingUser) \($0.action.message ?? "-") \($0.action.timestamp)" }.sorted()
            + blocks.values.map { "B \($0.id) \($0.blocker) \($0.blocked) \($0.blockedAt)" }.sorted()
    }
}

extension InMemoryStore {
    func recordBridgeEvent(_ eventID: String) { bridgeEvents.insert(eventID) }
}

extension InMemoryStore {
    /// Makes apply call number `count` (counted from now) throw, or clears that.
    func failAfter(_ count: Int?) {
        failAt = count.map { batchesApplied + $0 }
    }
}
