import Foundation
import Migration
import SocialDomain
import SocialStore
import Synchronization

/// What sync tells the daemon: actions to announce to RPC subscribers, and counts for `/metrics`.
public protocol SyncObserver: Sendable {
    /// Legacy actions that became their pair's newest action, committed; awaited before the next
    /// transaction or pass, so subscribers are told in commit order.
    func applied(_ actions: [AppliedLegacyAction]) async
    /// One event of a pushed transaction, classified (`applied`, `echo`, `ignored`, `rejected`).
    func event(outcome: SyncEventOutcome)
    /// A transaction was committed (or recognised as a redelivery).
    func transactionCommitted(events: Int, redelivered: Bool)
    /// A poll or reconcile pass finished.
    func passFinished(_ report: SyncPassReport)
}

/// How sync classified one pushed event.
public enum SyncEventOutcome: String, Sendable, CaseIterable {
    /// A relevant event: its room was re-derived and the result written.
    case applied
    /// A friendship event the mirror wrote (§9.6 `bridge_echo`): not applied.
    case echo
    /// Not relevant to friendships, or already taken into account (redelivery).
    case ignored
    /// Malformed (no event id, room id or type).
    case rejected
}

/// What one poll or reconcile pass did.
public struct SyncPassReport: Sendable, Equatable {
    public var roomsListed = 0
    public var roomsProbed = 0
    public var roomsChanged = 0
    public var roomsFailed = 0
    public var actionsApplied = 0
    public var seconds = 0.0
}

/// One appservice transaction as Synapse pushes it.
public struct AppServiceTransaction: Sendable {
    /// The `txnId` of the path.
    public var id: String
    /// The body's events (anything; each is validated).
    public var events: [LegacyJSON]
    /// Hex digest of the body (with the id, identifies a redelivery).
    public var bodyDigest: String

    public init(id: String, events: [LegacyJSON], bodyDigest: String) {
        self.id = id
        self.events = events
        self.bodyDigest = bodyDigest
    }
}

/// Keeps the store in agreement with Matrix during the transition: pushed transactions and poll passes
/// both become `RoomSync.resync` calls (migrate's derivation, reconciliation and planner), one at a time.
public final class SyncEngine: Sendable {
    /// Which event types make a room worth re-deriving.
    public let relevantTypes: Set<String>
    private let roomSync: RoomSync
    private let store: SocialStore
    private let reader: any LegacyHomeserver
    private let probe: any RoomChangeProbe
    private let layout: LegacyLayout
    private let observer: (any SyncObserver)?
    private let serial = AsyncKeyedLock()
    private let clock: @Sendable () -> Int64
    private let state = Mutex(Health())
    private let concurrency: Int

    private struct Health {
        var lastTransactionAt: Int64?
        var newestAppliedTimestamp: Int64?
        var lastHomeserverAnswerAt: Int64?
    }

    /// - Parameters:
    ///   - store: the database.
    ///   - homeserver: the legacy reads (admin token).
    ///   - probe: the cheap per-room change check of poll passes.
    ///   - layout: mapping and server names.
    ///   - observer: told of applied actions and counts.
    ///   - concurrency: probes in flight at once.
    ///   - clock: ms since 1970.
    public init(store: SocialStore, homeserver: any LegacyHomeserver, probe: any RoomChangeProbe, layout: LegacyLayout,
                observer: (any SyncObserver)? = nil, concurrency: Int = 8,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.reader = homeserver
        self.probe = probe
        self.layout = layout
        self.observer = observer
        self.clock = clock
        self.concurrency = max(1, concurrency)
        roomSync = RoomSync(homeserver: homeserver, store: SocialStoreMigrationStore(store: store), layout: layout)
        relevantTypes = [layout.mapping.eventType, "m.room.member", "m.room.create", "m.room.tombstone",
                         "m.room.canonical_alias", "m.room.redaction"]
    }

    /// Seconds since the last transaction arrived (or since `since` when none has).
    public func secondsSinceLastTransaction(since start: Int64) -> Double {
        let last = state.withLock { $0.lastTransactionAt } ?? start
        return Double(max(0, clock() - last)) / 1000
    }

    /// Now minus the newest applied event's `origin_server_ts`, seconds (nil before any).
    public var lagSeconds: Double? {
        state.withLock { $0.newestAppliedTimestamp }.map { Double(max(0, clock() - $0)) / 1000 }
    }

    /// When the homeserver last answered a sync read (ms), for readiness.
    public var lastHomeserverAnswer: Int64? { state.withLock { $0.lastHomeserverAnswerAt } }

    /// Records that the homeserver answered (the daemon's readiness also counts the mirror's calls).
    public func homeserverAnswered() { state.withLock { $0.lastHomeserverAnswerAt = clock() } }

    // MARK: Pushed transactions

    /// Takes one pushed transaction into account; returns once its effects are committed.
    /// - Returns: whether it was a redelivery (nothing done).
    /// - Throws: when a room could not be read or the store failed: answer an error so Synapse retries.
    @discardableResult
    public func process(_ transaction: AppServiceTransaction) async throws -> Bool {
        state.withLock { $0.lastTransactionAt = clock() }
        return try await serial.withLock("sync") { [self] in
            if try store.hasAppServiceTransaction(id: transaction.id, bodyDigest: transaction.bodyDigest) {
                observer?.transactionCommitted(events: transaction.events.count, redelivered: true)
                return true
            }
            var outcomes: [SyncEventOutcome] = []
            var processed: [ProcessedEvent] = []
            var echoes: [JournalEntry] = []
            var dirty: [String] = []
            var newestTimestamp: Int64?
            let ids = transaction.events.compactMap { $0["event_id"]?.stringValue }
            let seen = try store.processedSyncEvents(among: ids)
            var inThisTransaction = Set<String>()
            for event in transaction.events {
                guard let eventID = event["event_id"]?.stringValue, !eventID.isEmpty,
                      let type = event["type"]?.stringValue, let roomID = event["room_id"]?.stringValue, !roomID.isEmpty else {
                    outcomes.append(.rejected)
                    continue
                }
                guard !seen.contains(eventID), inThisTransaction.insert(eventID).inserted else {
                    outcomes.append(.ignored)
                    continue
                }
                let outcome: SyncEventOutcome
                if !relevantTypes.contains(type) {
                    outcome = .ignored
                } else if type == layout.mapping.eventType, try isEcho(event, eventID: eventID) {
                    outcome = .echo
                    echoes.append(JournalEntry(.bridgeEcho, roomID: roomID, eventIDs: [eventID],
                                               pair: try store.legacyRoom(roomID)?.pair?.description,
                                               detail: "the mirror's own write came back through the appservice"))
                } else {
                    outcome = .applied
                    if !dirty.contains(roomID) { dirty.append(roomID) }
                    if let timestamp = event["origin_server_ts"]?.int64Value { newestTimestamp = max(newestTimestamp ?? timestamp, timestamp) }
                }
                outcomes.append(outcome)
                processed.append(ProcessedEvent(eventID: eventID, roomID: roomID, outcome: outcome.rawValue))
            }
            let result = try await roomSync.resync(
                rooms: dirty, processedEvents: processed,
                transaction: TransactionMark(id: transaction.id, bodyDigest: transaction.bodyDigest, eventCount: transaction.events.count),
                journal: echoes, allOrNothing: true)
            if !dirty.isEmpty { homeserverAnswered() }
            state.withLock { health in
                if let newestTimestamp { health.newestAppliedTimestamp = max(health.newestAppliedTimestamp ?? newestTimestamp, newestTimestamp) }
            }
            for outcome in outcomes { observer?.event(outcome: outcome) }
            if !result.applied.isEmpty { await observer?.applied(result.applied) }
            observer?.transactionCommitted(events: transaction.events.count, redelivered: false)
            return false
        }
    }

    /// A friendship event the mirror wrote: its id is recorded, or its marker names a new-side action.
    private func isEcho(_ event: LegacyJSON, eventID: String) throws -> Bool {
        if try store.isMirrorEvent(eventID) { return true }
        guard let marker = event["content"]?[layout.mapping.bridgeMarkerKey]?["action_id"]?.stringValue else { return false }
        return try store.actionExists(id: marker)
    }

    // MARK: Poll and reconcile passes

    /// One pass over the homeserver: the room list (new rooms), each known room's newest relevant event
    /// against its saved position, and every address user's `m.direct` (rooms the list misses); rooms
    /// that moved are re-derived and written with their new positions.
    ///
    /// Listing and probing hold nothing; each batch of re-derived rooms takes the sync lock on its own, so
    /// pushed transactions are never held behind a long pass. A room a completed `migrate` read after its
    /// newest relevant event (the event is older than the run's start, with a minute's margin for clock
    /// skew) only has its position saved: migrate saves none, and re-deriving every room once would
    /// double its work.
    /// - Throws: when the lists cannot be read or the admin token is refused.
    @discardableResult
    public func pass() async throws -> SyncPassReport {
        let started = Date()
        var report = SyncPassReport()
        var rooms = try await probe.allRooms()
        homeserverAnswered()
        report.roomsListed = rooms.count
        var listed = Set(rooms)
        let known = Set(try store.legacyRoomIDs())
        for roomID in known.sorted() where listed.insert(roomID).inserted { rooms.append(roomID) }
        for roomID in try await probe.directRooms(of: addressUsers()) where listed.insert(roomID).inserted { rooms.append(roomID) }
        let saved = try store.checkpoints()
        let migratedAt = saved[SocialStoreMigrationStore.checkpointKey]
            .flatMap { try? JSONDecoder().decode(MigrationCheckpoint.self, from: Data($0.utf8)) }
            .flatMap { $0.completed ? $0.runStartedAt : nil }
        let types = Array(relevantTypes).sorted()
        let probed = try await boundedMap(rooms, limit: concurrency) { [probe] roomID in
            (roomID, try await probe.newestEvent(in: roomID, types: types))
        }
        report.roomsProbed = probed.count
        var changed: [String] = []
        var positions: [String: String] = [:]
        var trusted: [String: String] = [:]
        for (roomID, newest) in probed {
            guard case .event(let eventID, let timestamp) = newest else {
                if case .failed = newest { report.roomsFailed += 1 }
                continue
            }
            let key = RoomSync.positionKey(roomID)
            guard saved[key] != eventID else { continue }
            if saved[key] == nil, known.contains(roomID), let migratedAt, timestamp < migratedAt - 60_000 {
                trusted[roomID] = eventID
            } else {
                changed.append(roomID)
                positions[roomID] = eventID
            }
        }
        report.roomsChanged = changed.count
        if !trusted.isEmpty {
            try await serial.withLock("sync") { [self, trusted] in
                _ = try await roomSync.resync(rooms: [], roomPositions: trusted)
            }
        }
        for chunk in stride(from: 0, to: changed.count, by: 50).map({ Array(changed[$0..<min($0 + 50, changed.count)]) }) {
            let chunkPositions = positions.filter { chunk.contains($0.key) }
            let result = try await serial.withLock("sync") { [self] in
                let result = try await roomSync.resync(rooms: chunk, roomPositions: chunkPositions)
                if !result.applied.isEmpty { await observer?.applied(result.applied) }
                return result
            }
            report.roomsFailed += result.failedRooms.count
            report.actionsApplied += result.applied.count
            if let newest = result.applied.map(\.timestamp).max() {
                state.withLock { $0.newestAppliedTimestamp = max($0.newestAppliedTimestamp ?? newest, newest) }
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        observer?.passFinished(report)
        return report
    }

    private func addressUsers() async throws -> [String] {
        try await probe.allUsers().filter { layout.identity(of: $0).address != nil }
    }
}
