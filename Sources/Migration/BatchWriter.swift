import SocialDomain

/// Writes planned rows through the store, a batch per transaction with the checkpoint inside it.
/// In a dry run batches are counted and dropped.
struct BatchWriter {
    private var planner: ImportPlanner
    private let store: any MigrationStore
    private let dryRun: Bool
    private let batchSize: Int
    private let meter: ProgressMeter
    private var batch = MigrationBatch()
    private var status: [AddressPair: String] = [:]

    init(store: any MigrationStore, dryRun: Bool, batchSize: Int, meter: ProgressMeter) {
        self.store = store
        self.dryRun = dryRun
        self.batchSize = max(batchSize, 1)
        self.meter = meter
        planner = ImportPlanner(store: store)
    }

    mutating func writePairs(_ decisions: [PairDecision], roomJournals: [AddressPair: [JournalEntry]],
                             rooms: [AddressPair: [RoomIndexEntry]] = [:],
                             checkpoint: inout MigrationCheckpoint, report: inout MigrationReport) async throws {
        meter.begin("write_pairs", total: decisions.count)
        var pending = 0
        for decision in decisions {
            let pair = decision.winner.pair
            batch.conflicts.append(contentsOf: roomJournals[pair] ?? [])
            batch.rooms.append(contentsOf: rooms[pair] ?? [])
            let (outcome, newest) = try await planner.plan(decision, into: &batch)
            switch outcome {
            case .written: report.pairsWritten += 1
            case .unchanged: report.pairsUnchanged += 1
            case .kept:
                report.pairsKept += 1
                let rules = batch.conflicts.last.map(\.rule.rawValue) ?? "kept"
                report.skippedPairs.append(.init(id: pair.description, reason: rules))
            }
            if let newest { status[pair] = newest.rawValue }
            pending += 1
            meter.advance()
            if pending >= batchSize {
                checkpoint.lastPair = pair.description
                try await flush(checkpoint: checkpoint, report: &report)
                pending = 0
            }
        }
        if let last = decisions.last { checkpoint.lastPair = last.winner.pair.description }
        try await flush(checkpoint: checkpoint, report: &report)
    }

    mutating func writeBlocks(_ blocks: [ProfileBlocks.Block], checkpoint: inout MigrationCheckpoint,
                              report: inout MigrationReport) async throws {
        meter.begin("blocks", total: blocks.count)
        report.blocksInFile = blocks.count
        let all = Set(blocks)
        var pending = 0
        // Every new block has the same blocked_at, so (blocked_at, blocker, blocked) is (blocker, blocked).
        for block in blocks.sorted() {
            let mutual = all.contains(.init(blocker: block.blocked, blocked: block.blocker))
            switch try await planner.plan(block, blockedAt: checkpoint.runStartedAt, mutual: mutual, into: &batch) {
            case .written: report.blocksWritten += 1
            case .unchanged: report.blocksUnchanged += 1
            case .kept: report.blocksKept += 1
            }
            if let pair = AddressPair(block.blocker, block.blocked) { status[pair] = FriendshipAction.block.rawValue }
            pending += 1
            meter.advance()
            // Mutual blocks of one pair stay in one batch: a pair is never half written.
            if pending >= batchSize && !(mutual && block.blocker < block.blocked) {
                try await flush(checkpoint: checkpoint, report: &report)
                pending = 0
            }
        }
        checkpoint.blocksDone = true
        try await flush(checkpoint: checkpoint, report: &report)
    }

    mutating func finish(conflicts: [JournalEntry], rooms: [RoomIndexEntry] = [], checkpoint: MigrationCheckpoint,
                         report: inout MigrationReport) async throws {
        batch.conflicts.append(contentsOf: conflicts)
        batch.rooms.append(contentsOf: rooms)
        try await flush(checkpoint: checkpoint, report: &report)
        for value in status.values { report.statusCounts[value, default: 0] += 1 }
    }

    private mutating func flush(checkpoint: MigrationCheckpoint, report: inout MigrationReport) async throws {
        batch.checkpoint = checkpoint
        report.friendshipRowsWritten += Set(batch.friendships.map(\.id)).count
        report.actionsWritten += batch.actions.count
        report.record(batch.conflicts)
        if !dryRun {
            try await store.apply(batch)
            planner.flush()
        }
        batch = MigrationBatch()
    }
}
