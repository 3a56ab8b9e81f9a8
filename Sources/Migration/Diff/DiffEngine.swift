import Foundation
import SocialDomain
import SocialStore

/// Why a diff could not compare (besides `MigrationError`s of the legacy read and store errors).
public enum DiffError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Some rooms could not be read after retries: their pairs cannot be judged.
    case partialRead(rooms: Int, first: String)
    /// The store's pages came back out of pair order (a merge would misjudge every pair after it).
    case outOfOrder(String)

    public var description: String {
        switch self {
        case .partialRead(let rooms, let first):
            return "\(rooms) room(s) could not be read (first: \(first)); their pairs cannot be compared: run diff again"
        case .outOfOrder(let detail): return "pairs or blocks came out of order (\(detail)); nothing after them can be compared"
        }
    }
}

/// `diff`: derives the legacy side with migrate's own reader and reconciliation (`LegacySide`), reads the store
/// in the same pair order page by page, and classifies every difference (`DiffComparator`). Reads only: the
/// homeserver seam has no writes and the store seam no writes.
///
/// Memory: the legacy derivation holds what migrate's scan holds (every room's derivation, the users' account
/// data; issue 16 makes that stream); the store side holds one page (`pageSize` pairs or blocks) at a time;
/// the report holds the differences found, not the pairs compared.
public struct DiffEngine: Sendable {
    let homeserver: any LegacyHomeserver
    let store: any DiffStore
    let options: MigrationOptions
    let pageSize: Int

    /// - Parameters:
    ///   - homeserver: the legacy reads.
    ///   - store: the new side, read-only.
    ///   - options: the legacy read's options, as migrate takes them (`mapping`, `serverName`, `blocksFile`,
    ///     `userFilter`, `concurrency`, `progress`; `dryRun`, `batchSize` and `now` are not used).
    ///   - pageSize: store rows per page.
    public init(homeserver: any LegacyHomeserver, store: any DiffStore, options: MigrationOptions, pageSize: Int = 500) {
        self.homeserver = homeserver
        self.store = store
        self.options = options
        self.pageSize = max(1, pageSize)
    }

    /// Runs the comparison.
    /// - Returns: the report (drift or not).
    /// - Throws: `MigrationError` when the legacy side cannot be read (refused token, bad `--users` or
    ///   `--blocks`, unpageable lists), `DiffError`, or the store's errors.
    public func run() async throws -> DiffReport {
        let meter = ProgressMeter(callback: options.progress)
        let legacy = try await LegacySide.prepare(homeserver: homeserver, options: options)
        let pending = try await store.pairsWithPendingMirrorWrites()
        var scan = MigrationReport()
        let derived = try await legacy.derive(homeserver: homeserver, concurrency: options.concurrency, meter: meter, report: &scan)
        let failed = scan.skippedRooms.filter { $0.reason.hasPrefix("read failed") }
        if let first = failed.first { throw DiffError.partialRead(rooms: failed.count, first: "\(first.id): \(first.reason)") }

        var report = DiffReport()
        report.timings = scan.timings
        let legacyBlocks = legacy.profileBlocks == nil ? nil : legacy.blocks
        let comparator = DiffComparator(comparesBlocks: legacyBlocks != nil)
        var blocksByPair: [AddressPair: [ProfileBlocks.Block]] = [:]
        for block in legacyBlocks ?? [] {
            guard let pair = AddressPair(block.blocker, block.blocked) else { continue }
            blocksByPair[pair, default: []].append(block)
        }

        var phase = Date()
        meter.begin("compare_pairs", total: nil)
        try await comparePairs(derived.decisions, legacy: legacy, blocksByPair: blocksByPair, pending: pending,
                               comparator: comparator, meter: meter, into: &report)
        report.timings["compare_pairs"] = Date().timeIntervalSince(phase)
        if let legacyBlocks {
            phase = Date()
            meter.begin("compare_blocks", total: nil)
            try await compareBlocks(legacyBlocks, legacy: legacy, pending: pending, comparator: comparator, meter: meter, into: &report)
            report.timings["compare_blocks"] = Date().timeIntervalSince(phase)
        }
        report.httpRequests = await homeserver.requestCounts().requests
        meter.begin("done", total: nil)
        return report
    }

    /// Merges the decisions (in pair order) with the store's pairs read in the same order.
    private func comparePairs(_ decisions: [PairDecision], legacy: LegacySide, blocksByPair: [AddressPair: [ProfileBlocks.Block]],
                              pending: Set<AddressPair>, comparator: DiffComparator, meter: ProgressMeter,
                              into report: inout DiffReport) async throws {
        var stored = PageCursor<AddressPair, StoreSnapshot.Pair>(pageSize: pageSize, key: \.users) { [store] after, limit in
            try await store.pairs(after: after, limit: limit)
        }
        var decisionIterator = decisions.makeIterator()
        var decision = decisionIterator.next()
        var row = try await nextInScope(&stored) { legacy.includes($0.users) }
        while decision != nil || row != nil {
            var legacyView: LegacyPairView?
            var newView: StoreSnapshot.Pair?
            if let current = decision, row.map({ current.winner.pair <= $0.users }) ?? true {
                legacyView = LegacyPairView(current, blocks: blocksByPair[current.winner.pair] ?? [])
                decision = decisionIterator.next()
                if let next = decision, next.winner.pair <= current.winner.pair {
                    throw DiffError.outOfOrder("legacy decisions not in pair order at \(next.winner.pair)")
                }
            }
            if let current = row, legacyView == nil || legacyView?.users == current.users {
                newView = current
                row = try await nextInScope(&stored) { legacy.includes($0.users) }
            }
            report.pairsCompared += 1
            meter.advance()
            guard DiffComparator.disagree(legacyView, newView), let pair = legacyView?.users ?? newView?.users else { continue }
            var facts = PairFacts(journal: try await store.journal(of: pair, rules: ExpectedReason.journaledRules),
                                  mirrorPending: pending.contains(pair))
            if let legacyView, let newView, legacyView.requester != newView.requester {
                facts.oldestAction = try await store.oldestAction(of: pair)
            }
            if !comparator.comparesBlocks { facts.blockedInStore = try await store.isBlocked(pair) }
            if let difference = comparator.classify(legacy: legacyView, new: newView, facts: facts) {
                report.add(.pair(difference))
            }
        }
    }

    /// Merges the profile blocks in scope (sorted) with the store's blocks read in the same order.
    private func compareBlocks(_ blocks: [ProfileBlocks.Block], legacy: LegacySide, pending: Set<AddressPair>,
                               comparator: DiffComparator, meter: ProgressMeter, into report: inout DiffReport) async throws {
        var stored = PageCursor<ProfileBlocks.Block, ProfileBlocks.Block>(pageSize: pageSize, key: { $0 }) { [store] after, limit in
            try await store.blocks(after: after, limit: limit)
        }
        let inScope: (ProfileBlocks.Block) -> Bool = { legacy.restriction?.contains($0.blocker) ?? true }
        var fileIterator = blocks.makeIterator()
        var fromFile = fileIterator.next()
        var row = try await nextInScope(&stored, inScope)
        while fromFile != nil || row != nil {
            let block: ProfileBlocks.Block
            var inLegacy = false, inStore = false
            if let current = fromFile, row.map({ current <= $0 }) ?? true {
                block = current
                inLegacy = true
                fromFile = fileIterator.next()
                if current == row {
                    inStore = true
                    row = try await nextInScope(&stored, inScope)
                }
            } else if let current = row {
                block = current
                inStore = true
                row = try await nextInScope(&stored, inScope)
            } else {
                break
            }
            report.blocksCompared += 1
            meter.advance()
            guard inLegacy != inStore, let pair = AddressPair(block.blocker, block.blocked) else { continue }
            let facts = PairFacts(journal: try await store.journal(of: pair, rules: ExpectedReason.journaledRules),
                                  mirrorPending: pending.contains(pair))
            if let difference = comparator.classify(block: block, inLegacy: inLegacy, inStore: inStore, facts: facts) {
                report.add(.block(difference))
            }
        }
    }

    private func nextInScope<Key, Element>(_ cursor: inout PageCursor<Key, Element>,
                                           _ inScope: (Element) -> Bool) async throws -> Element? {
        while let element = try await cursor.next() {
            if inScope(element) { return element }
        }
        return nil
    }
}

/// Walks a keyed, ordered store listing page by page (keyset paging), checking the order as it goes.
struct PageCursor<Key: Comparable & Sendable, Element: Sendable> {
    let pageSize: Int
    let key: (Element) -> Key
    let fetch: (Key?, Int) async throws -> [Element]
    private var page: [Element] = []
    private var index = 0
    private var last: Key?
    private var exhausted = false

    init(pageSize: Int, key: @escaping (Element) -> Key, fetch: @escaping (Key?, Int) async throws -> [Element]) {
        self.pageSize = pageSize
        self.key = key
        self.fetch = fetch
    }

    /// The next element, `nil` at the end.
    /// - Throws: the fetch's errors; `DiffError.outOfOrder` when a key does not follow the previous one.
    mutating func next() async throws -> Element? {
        if index == page.count {
            guard !exhausted else { return nil }
            page = try await fetch(last, pageSize)
            index = 0
            exhausted = page.count < pageSize
            guard !page.isEmpty else {
                exhausted = true
                return nil
            }
        }
        let element = page[index]
        index += 1
        let current = key(element)
        if let last, !(last < current) { throw DiffError.outOfOrder("\(current) after \(last)") }
        last = current
        return element
    }
}
