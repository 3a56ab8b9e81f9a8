import SocialDomain

/// A legacy action sync wrote as its pair's newest action: what RPC subscribers are told.
public struct AppliedLegacyAction: Sendable, Hashable {
    public var pair: AddressPair
    public var action: FriendshipAction
    /// Who acted in Matrix.
    public var actor: Address
    /// The other member (the one told).
    public var target: Address
    /// The new-side action id (UUIDv5 of the event id, §4.6).
    public var actionID: String
    /// `origin_server_ts` of the event, ms.
    public var timestamp: Int64
    /// A request's message.
    public var message: String?
    public var roomID: String
    public var eventID: String
}

/// What one `RoomSync.resync` did.
public struct RoomSyncResult: Sendable {
    /// Legacy actions that became their pair's newest action, in pair order.
    public var applied: [AppliedLegacyAction] = []
    /// Rules applied (also written to the journal).
    public var journal: [JournalEntry] = []
    /// Rooms whose state was read.
    public var roomsRead = 0
    /// Rooms whose state could not be read, with the reason (nothing was written for their pairs).
    public var failedRooms: [String: String] = [:]
    /// Pairs whose decision wrote rows.
    public var pairsWritten = 0
    /// Pairs examined.
    public var pairsExamined = 0
}

/// Why a resync did not commit.
public enum RoomSyncError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Some rooms could not be read and the caller asked for all or nothing.
    case roomsUnreadable([String: String])
    /// The pairs kept changing under concurrent writes; nothing was written.
    case contention(attempts: Int)

    public var description: String {
        switch self {
        case .roomsUnreadable(let rooms):
            return "\(rooms.count) room(s) could not be read: " + rooms.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        case .contention(let attempts): return "the pairs kept changing under concurrent writes (\(attempts) attempts)"
        }
    }
}

/// Sync's half of the migration: re-derives rooms from their authoritative state and `""` history,
/// re-derives every known room of the pairs they name, reconciles each pair across its rooms (§4.4) and
/// plans the writes with migrate's planner (§4.6: ids, `new_side_newer`, `blocked_pair`, `bridge_echo`),
/// then applies them in one transaction guarded against concurrent RPC writes. One code path with
/// `migrate`: the pushed event only says *which* room to look at, never what it means.
public struct RoomSync: Sendable {
    let homeserver: any LegacyHomeserver
    let store: any MigrationStore
    let layout: LegacyLayout
    let runID: String
    let maximumAttempts: Int
    let concurrency: Int

    /// - Parameters:
    ///   - homeserver: the legacy reads.
    ///   - store: the target.
    ///   - layout: the mapping and server names.
    ///   - runID: journaled as the conflicts' `run_id` (e.g. `sync`).
    ///   - maximumAttempts: how often a batch is planned again when a concurrent write made it stale.
    ///   - concurrency: room reads in flight at once.
    public init(homeserver: any LegacyHomeserver, store: any MigrationStore, layout: LegacyLayout, runID: String = "sync",
                maximumAttempts: Int = 5, concurrency: Int = 8) {
        self.homeserver = homeserver
        self.store = store
        self.layout = layout
        self.runID = runID
        self.maximumAttempts = max(1, maximumAttempts)
        self.concurrency = max(1, concurrency)
    }

    /// Re-derives `rooms` (and the other rooms of the pairs they name, and tombstone replacements) and
    /// writes what changed, with `processedEvents` and `transaction` in the same transaction.
    /// - Parameters:
    ///   - rooms: the rooms that changed.
    ///   - processedEvents: events to record as taken into account.
    ///   - transaction: the appservice transaction to record.
    ///   - allOrNothing: when a room cannot be read, write nothing and throw (the appservice path: Synapse
    ///     retries the transaction); otherwise the pairs of unreadable rooms are left for the next pass.
    /// - Throws: `RoomSyncError`, `MigrationError.homeserver` (admin token refused), store errors.
    ///   - roomPositions: room id → the newest event the caller saw there, saved with the writes (in
    ///     `sync_checkpoints` under `positionKey(_:)`); rooms that could not be read keep their old position,
    ///     so the next pass reads them again.
    ///   - journal: findings of the caller to journal with the writes (e.g. `bridge_echo` of pushed echoes).
    public func resync(rooms: [String], processedEvents: [ProcessedEvent] = [], transaction: TransactionMark? = nil,
                       roomPositions: [String: String] = [:], journal extraJournal: [JournalEntry] = [],
                       allOrNothing: Bool = false) async throws -> RoomSyncResult {
        var result = RoomSyncResult()
        let reader = LegacyRoomReader(homeserver: homeserver, layout: layout)
        var derivations: [String: RoomDerivation] = [:]
        var unknown: Set<String> = []

        /// Reads the rooms not read yet, `concurrency` at a time (a transaction can name dozens of rooms).
        func read(_ roomIDs: [String]) async throws {
            let wanted = Array(Set(roomIDs)).sorted().filter {
                derivations[$0] == nil && !unknown.contains($0) && result.failedRooms[$0] == nil
            }
            let outcomes = try await boundedMap(wanted, limit: concurrency) { [reader] roomID in (roomID, try await reader.read(roomID)) }
            for (roomID, outcome) in outcomes {
                switch outcome {
                case .derived(let derivation, _):
                    result.roomsRead += 1
                    derivations[roomID] = derivation
                case .unknown: unknown.insert(roomID)
                case .failed(let reason): result.failedRooms[roomID] = reason
                }
            }
        }

        // The changed rooms, then whatever they were upgraded to.
        var next = Array(Set(rooms))
        while !next.isEmpty {
            try await read(next)
            next = next.compactMap { derivations[$0]?.replacementRoom }.filter { derivations[$0] == nil && !unknown.contains($0) }
        }
        // Every known room of the pairs named, so the pair is reconciled across all of them (§4.4).
        var pairs = Set(derivations.values.compactMap(\.pair))
        for roomID in rooms { if let pair = try await store.room(roomID)?.pair { pairs.insert(pair) } }
        var known: [String] = []
        for pair in pairs {
            for room in try await store.rooms(of: pair) { known += [room.roomID] + (room.replacedBy.map { [$0] } ?? []) }
        }
        try await read(known)
        if allOrNothing && !result.failedRooms.isEmpty { throw RoomSyncError.roomsUnreadable(result.failedRooms) }
        let unreadablePairs = Set(try await unreadablePairs(result.failedRooms.keys))

        for attempt in 1...maximumAttempts {
            var batch = MigrationBatch()
            batch.runID = runID
            batch.processedEvents = processedEvents
            batch.transaction = transaction
            for (roomID, position) in roomPositions where result.failedRooms[roomID] == nil {
                batch.positions[Self.positionKey(roomID)] = position
            }
            batch.rooms = derivations.values.sorted { $0.roomID < $1.roomID }.map(\.indexEntry)
            var planner = ImportPlanner(store: store)
            var applied: [AppliedLegacyAction] = []
            var journal: [JournalEntry] = extraJournal
            var written = 0
            let byPair = Dictionary(grouping: derivations.values.filter { $0.pair != nil }, by: { $0.pair! })
            for derivation in derivations.values where derivation.pair == nil { journal += derivation.journal }
            for pair in pairs.sorted() where !unreadablePairs.contains(pair) {
                let roomsOfPair = (byPair[pair] ?? []).sorted { $0.roomID < $1.roomID }
                for derivation in roomsOfPair { journal += derivation.journal }
                guard let decision = PairReconciler(layout: layout).reconcile(roomsOfPair.compactMap(\.candidate)).first else { continue }
                let before = try await store.pair(pair)
                let blockedForward = try await store.block(blocker: pair.lo, blocked: pair.hi) != nil
                let blockedBackward = try await store.block(blocker: pair.hi, blocked: pair.lo) != nil
                let blocked = blockedForward || blockedBackward
                batch.guards.append(PairGuard(pair: pair, newestActionID: before?.newestAction?.id, blocked: blocked))
                let conflictsBefore = batch.conflicts.count
                let (outcome, _) = try await planner.plan(decision, into: &batch)
                journal += batch.conflicts[conflictsBefore...]
                guard outcome == .written else { continue }
                written += 1
                let winner = decision.winner
                if try await planner.pairState(pair)?.newestAction?.id == winner.actionID {
                    applied.append(AppliedLegacyAction(
                        pair: pair, action: winner.action, actor: winner.actingUser, target: pair.other(than: winner.actingUser) ?? pair.hi,
                        actionID: winner.actionID, timestamp: winner.timestamp, message: winner.message,
                        roomID: winner.roomID, eventID: winner.eventID))
                }
            }
            // Room journals are written too (the planner adds only the decision's own entries).
            let planned = Set(batch.conflicts)
            batch.conflicts += journal.filter { !planned.contains($0) }
            do {
                try await store.apply(batch)
            } catch MigrationStoreError.stale where attempt < maximumAttempts {
                continue
            } catch MigrationStoreError.stale {
                throw RoomSyncError.contention(attempts: attempt)
            }
            result.applied = applied
            result.journal = journal
            result.pairsWritten = written
            result.pairsExamined = pairs.count - unreadablePairs.count
            return result
        }
        throw RoomSyncError.contention(attempts: maximumAttempts)
    }

    /// The `sync_checkpoints` key of a room's position.
    public static func positionKey(_ roomID: String) -> String { positionPrefix + roomID }
    /// The prefix of every room position key.
    public static let positionPrefix = "sync.room:"

    private func unreadablePairs(_ rooms: Dictionary<String, String>.Keys) async throws -> [AddressPair] {
        var pairs: [AddressPair] = []
        for roomID in rooms { if let pair = try await store.room(roomID)?.pair { pairs.append(pair) } }
        return pairs
    }
}
