import SocialDomain

/// What happened to one pair or block, for the report.
public enum PlanOutcome: String, Sendable, Codable {
    /// New rows or actions written (or, in a dry run, would be).
    case written
    /// Everything already present (idempotent re-run).
    case unchanged
    /// A rule kept the new side as it is (`new_side_newer`, `blocked_pair`, `bridge_echo`).
    case kept
}

/// Turns decisions and profile blocks into batches, applying the re-run rules (§4.6) and the block
/// mapping (§7.3) against what the store already holds.
///
/// Pairs planned but not yet applied are kept in an overlay so later decisions of the same run (and a
/// whole dry run) see them; `flush()` clears it once the store holds them.
public struct ImportPlanner: Sendable {
    private let store: any MigrationStore
    private var pendingPairs: [AddressPair: StoredPair] = [:]
    private var pendingBlocks: [ProfileBlocks.Block: StoredBlock] = [:]

    public init(store: any MigrationStore) { self.store = store }

    /// Forgets the overlay once its batches are applied.
    public mutating func flush() {
        pendingPairs.removeAll(keepingCapacity: true)
        pendingBlocks.removeAll(keepingCapacity: true)
    }

    /// The pair's state including planned writes.
    public func pairState(_ pair: AddressPair) async throws -> StoredPair? {
        if let pending = pendingPairs[pair] { return pending }
        return try await store.pair(pair)
    }

    private func block(_ key: ProfileBlocks.Block) async throws -> StoredBlock? {
        if let pending = pendingBlocks[key] { return pending }
        return try await store.block(blocker: key.blocker, blocked: key.blocked)
    }

    private func blockedEitherWay(_ pair: AddressPair) async throws -> Bool {
        if try await block(.init(blocker: pair.lo, blocked: pair.hi)) != nil { return true }
        return try await block(.init(blocker: pair.hi, blocked: pair.lo)) != nil
    }

    /// Plans a pair's winning candidate (§4.6) into `batch`.
    /// - Returns: the outcome and the pair's newest action afterwards.
    public mutating func plan(_ decision: PairDecision, into batch: inout MigrationBatch) async throws
        -> (outcome: PlanOutcome, newest: FriendshipAction?) {
        let winner = decision.winner
        let pair = winner.pair
        batch.conflicts.append(contentsOf: decision.journal)
        let existing = try await pairState(pair)
        if try await store.actionExists(id: winner.actionID) { return (.unchanged, existing?.newestAction?.action) }
        var echo = try await store.isBridgeEvent(eventID: winner.eventID)
        if !echo, let marker = winner.bridgeActionID { echo = try await store.actionExists(id: marker) }
        if echo {
            batch.conflicts.append(JournalEntry(.bridgeEcho, roomID: winner.roomID, eventIDs: [winner.eventID], pair: pair.description))
            return (.kept, existing?.newestAction?.action)
        }
        if try await blockedEitherWay(pair) {
            batch.conflicts.append(JournalEntry(.blockedPair, roomID: winner.roomID, eventIDs: [winner.eventID], pair: pair.description))
            return (.kept, existing?.newestAction?.action ?? .block)
        }
        if let newest = existing?.newestAction, !newest.imported, newest.timestamp > winner.timestamp {
            batch.conflicts.append(JournalEntry(.newSideNewer, roomID: winner.roomID, eventIDs: [winner.eventID],
                                                pair: pair.description, detail: "new-side action \(newest.id)"))
            return (.kept, newest.action)
        }
        var row: StoredPair
        if let existing {
            row = existing
            // An older legacy action joins the log but does not set the row's state (the newest action does).
            if winner.timestamp >= (existing.newestAction?.timestamp ?? Int64.min) {
                row.isActive = FriendshipStateMachine.isActive(after: winner.action)
                row.newestAction = StoredAction(id: winner.actionID, action: winner.action, actingUser: winner.actingUser,
                                                timestamp: winner.timestamp, imported: true)
            }
            row.updatedAt = max(existing.updatedAt, winner.timestamp)
        } else {
            row = StoredPair(
                friendshipID: BridgeIDs.friendship(pair), requester: winner.requester,
                requested: pair.other(than: winner.requester) ?? pair.hi,
                isActive: FriendshipStateMachine.isActive(after: winner.action),
                createdAt: winner.roomCreatedAt ?? winner.timestamp, updatedAt: winner.timestamp,
                newestAction: StoredAction(id: winner.actionID, action: winner.action, actingUser: winner.actingUser,
                                           timestamp: winner.timestamp, imported: true))
        }
        batch.friendships.append(.init(id: row.friendshipID, requester: row.requester, requested: row.requested,
                                       isActive: row.isActive, createdAt: row.createdAt, updatedAt: row.updatedAt))
        batch.actions.append(.init(id: winner.actionID, friendshipID: row.friendshipID, action: winner.action,
                                   actingUser: winner.actingUser, message: winner.message, timestamp: winner.timestamp,
                                   legacyEventID: winner.eventID, legacyRoomID: winner.roomID))
        pendingPairs[pair] = row
        return (.written, row.newestAction?.action)
    }

    /// Plans one profile block (§7.3 steps 1, 3, 5) into `batch`. Call in (`blocked_at`, blocker, blocked) order.
    /// - Parameters:
    ///   - block: the block.
    ///   - blockedAt: the run's start time from the checkpoint.
    ///   - mutual: whether the file also holds the reverse block (journals `mutual_block`).
    public mutating func plan(_ block: ProfileBlocks.Block, blockedAt: Int64, mutual: Bool,
                              into batch: inout MigrationBatch) async throws -> PlanOutcome {
        guard let pair = AddressPair(block.blocker, block.blocked) else { return .kept }
        let id = BridgeIDs.block(blocker: block.blocker, blocked: block.blocked)
        if mutual && block.blocker > block.blocked {
            batch.conflicts.append(JournalEntry(.mutualBlock, pair: pair.description))
        }
        if try await self.block(block) != nil { return .unchanged }
        if try await store.wasBlockImported(id: id) {
            batch.conflicts.append(JournalEntry(.newSideNewer, pair: pair.description, detail: block.removedOnNewSideDetail))
            return .kept
        }
        let row = StoredBlock(id: id, blocker: block.blocker, blocked: block.blocked, blockedAt: blockedAt)
        batch.blocks.append(row)
        pendingBlocks[block] = row
        guard var friendship = try await pairState(pair) else {
            batch.conflicts.append(JournalEntry(.blockWithoutFriendship, pair: pair.description, detail: "by \(block.blocker.rawValue)"))
            return .written
        }
        batch.conflicts.append(JournalEntry(.blockOverFriendship, pair: pair.description, detail: "by \(block.blocker.rawValue)"))
        let actionID = BridgeIDs.blockAction(blocker: block.blocker, blocked: block.blocked)
        guard try await !store.actionExists(id: actionID) else { return .written }
        let newest = max(friendship.newestAction?.timestamp ?? friendship.updatedAt, friendship.updatedAt)
        let timestamp = max(blockedAt, newest + 1)
        friendship.isActive = false
        friendship.updatedAt = timestamp
        friendship.newestAction = StoredAction(id: actionID, action: .block, actingUser: block.blocker, timestamp: timestamp, imported: true)
        batch.friendships.append(.init(id: friendship.friendshipID, requester: friendship.requester, requested: friendship.requested,
                                       isActive: false, createdAt: friendship.createdAt, updatedAt: timestamp))
        batch.actions.append(.init(id: actionID, friendshipID: friendship.friendshipID, action: .block, actingUser: block.blocker,
                                   message: nil, timestamp: timestamp, legacyEventID: nil, legacyRoomID: nil))
        pendingPairs[pair] = friendship
        return .written
    }
}
