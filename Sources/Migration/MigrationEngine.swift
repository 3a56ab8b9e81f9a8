import Foundation
import SocialDomain

/// `migrate`: reads the legacy homeserver (§8.8 order of work), derives and reconciles every pair,
/// then writes friendships and blocks through the store in batched, checkpointed transactions.
///
/// Re-running is safe at any point: ids and timestamps come from the Matrix events (§4.6), the run's
/// start time (blocks' `blocked_at`) is kept in the checkpoint until a run completes, and every write
/// is skipped when its row already exists.
public struct MigrationEngine: Sendable {
    let homeserver: any LegacyHomeserver
    let store: any MigrationStore
    let options: MigrationOptions

    /// - Parameters:
    ///   - homeserver: the legacy reads.
    ///   - store: the target.
    ///   - options: the run's options.
    public init(homeserver: any LegacyHomeserver, store: any MigrationStore, options: MigrationOptions) {
        self.homeserver = homeserver
        self.store = store
        self.options = options
    }

    /// Runs the migration.
    /// - Returns: the report (also for a dry run).
    /// - Throws: `MigrationError` when the run cannot start or must stop; store errors as thrown by the store.
    public func run() async throws -> MigrationReport {
        var report = MigrationReport()
        report.dryRun = options.dryRun
        report.mapping = options.mapping.name
        let meter = ProgressMeter(callback: options.progress)

        // Preflight: everything that can refuse does so before the first write.
        let legacy = try await LegacySide.prepare(homeserver: homeserver, options: options)
        let layout = legacy.layout
        report.serverName = layout.serverName

        // The run's start time survives an interrupted run (§7.3 step 1).
        let previous = try await store.checkpoint()
        report.resumed = previous.map { !$0.completed } ?? false
        var checkpoint = report.resumed ? (previous ?? MigrationCheckpoint(runStartedAt: options.now()))
                                        : MigrationCheckpoint(runStartedAt: options.now())
        report.runStartedAt = checkpoint.runStartedAt
        if !options.dryRun && !report.resumed {
            var batch = MigrationBatch()
            batch.checkpoint = checkpoint
            try await store.apply(batch)
        }

        // Read and reconcile (§4.4), restricted to pairs with a listed member when --users is given.
        let derived = try await legacy.derive(homeserver: homeserver, concurrency: options.concurrency, meter: meter, report: &report)
        let scan = derived.scan, decisions = derived.decisions
        var phase = Date()
        let directJournal = analyzeDirect(scan: scan, decisions: decisions, layout: layout)
        report.timings["reconcile", default: 0] += Date().timeIntervalSince(phase)

        phase = Date()
        // The room index (room → pair) travels with each pair's batch, so sync can re-derive a pair from all its rooms.
        var roomsByPair: [AddressPair: [RoomIndexEntry]] = [:]
        for derivation in scan.derivations {
            if let pair = derivation.pair { roomsByPair[pair, default: []].append(derivation.indexEntry) }
        }
        var writer = BatchWriter(store: store, dryRun: options.dryRun, batchSize: options.batchSize, meter: meter)
        try await writer.writePairs(decisions, roomJournals: scan.journalsByPair, rooms: roomsByPair, checkpoint: &checkpoint, report: &report)
        report.timings["write_pairs"] = Date().timeIntervalSince(phase)

        phase = Date()
        // Rooms that named a pair but yielded no candidate: their journal is written with the run's tail.
        let decided = Set(decisions.map(\.winner.pair))
        var trailing = scan.unpairedJournal
        for (pair, entries) in scan.journalsByPair.sorted(by: { $0.key < $1.key }) where !decided.contains(pair) && legacy.includes(pair) {
            trailing += entries
        }
        trailing += directJournal
        if let profileBlocks = legacy.profileBlocks {
            trailing += profileBlocks.journal
            try await writer.writeBlocks(legacy.blocks, checkpoint: &checkpoint, report: &report)
        }
        report.timings["blocks"] = Date().timeIntervalSince(phase)

        checkpoint.completed = true
        let otherRooms = scan.derivations.filter { derivation in derivation.pair.map { !decided.contains($0) } ?? true }.map(\.indexEntry)
        try await writer.finish(conflicts: trailing, rooms: otherRooms, checkpoint: checkpoint, report: &report)
        let counts = await homeserver.requestCounts()
        report.httpRequests = counts.requests
        report.httpRetries = counts.retries
        meter.begin("done", total: nil)
        return report
    }

    /// §6.4: each user's `m.direct` against the winning rooms.
    private func analyzeDirect(scan: LegacyScan, decisions: [PairDecision], layout: LegacyLayout) -> [JournalEntry] {
        var winners: [AddressPair: String] = [:]
        var pairsOfUser: [Address: [AddressPair]] = [:]
        for decision in decisions {
            let pair = decision.winner.pair
            winners[pair] = decision.winner.roomID
            pairsOfUser[pair.lo, default: []].append(pair)
            pairsOfUser[pair.hi, default: []].append(pair)
        }
        let facts = DirectAnalysis.RoomFacts(roomPairs: scan.roomPairs, unknownRooms: scan.unknownRooms, winningRooms: winners)
        let analysis = DirectAnalysis(layout: layout)
        var journal: [JournalEntry] = []
        for (userID, data) in scan.accountData.sorted(by: { $0.key < $1.key }) {
            let pairs = layout.identity(of: userID).address.flatMap { pairsOfUser[$0] } ?? []
            journal += analysis.analyze(userID: userID, direct: data.direct, facts: facts, winnersOfUser: pairs)
            journal += analysis.ignoredUsers(userID: userID, ignoredList: data.ignored)
        }
        return journal
    }
}
