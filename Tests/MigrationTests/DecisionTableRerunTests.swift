import Foundation
import Migration
import SocialDomain
import Testing

/// Decision table rows #39–#42 (legacy-matrix §4.6, §9.6): re-runs against a store the new side changed.
@Suite struct DecisionTableRerunTests {
    typealias L = Legacy
    let ua = Legacy.user(Legacy.a)
    let ub = Legacy.user(Legacy.b)
    let pair = AddressPair(Legacy.addr(Legacy.a), Legacy.addr(Legacy.b))!

    func decision(_ history: [String]) throws -> PairDecision {
        let last = try #require(history.last)
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 1_900)
        let derivation = try L.derive(state: L.dmState() + [last, perUser], history: history)
        let candidate = try #require(derivation.candidate)
        return try #require(PairReconciler(layout: try L.layout()).reconcile([candidate]).first)
    }

    /// Plans and applies one decision; returns the batch.
    @discardableResult
    func apply(_ decision: PairDecision, to store: InMemoryStore) async throws -> (PlanOutcome, MigrationBatch) {
        var planner = ImportPlanner(store: store)
        var batch = MigrationBatch()
        let (outcome, _) = try await planner.plan(decision, into: &batch)
        try await store.apply(batch)
        return (outcome, batch)
    }

    let request = Legacy.friendship("$h1", by: Legacy.user(Legacy.a), content: Legacy.action("request"), ts: 2_000)

    @Test("#39 new_side_newer: a newer RPC-made action is kept over a new legacy event")
    func row39() async throws {
        let store = InMemoryStore()
        try await apply(try decision([request]), to: store)
        await store.addNewSideAction(.cancel, by: L.addr(L.a), pair: pair, at: 9_000, id: "rpc-1")
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 5_000)
        let (outcome, batch) = try await apply(try decision([request, accept]), to: store)
        #expect(outcome == .kept)
        #expect(batch.conflicts.map(\.rule) == [.newSideNewer])
        #expect(try await store.pair(pair)?.newestAction?.id == "rpc-1")
        // A new-side action older than the legacy event does not hold it back.
        let other = InMemoryStore()
        try await apply(try decision([request]), to: other)
        await other.addNewSideAction(.cancel, by: L.addr(L.a), pair: pair, at: 4_000, id: "rpc-2")
        let (applied, _) = try await apply(try decision([request, accept]), to: other)
        #expect(applied == .written)
        let state = try #require(try await other.pair(pair))
        #expect(state.newestAction?.id == BridgeIDs.action(eventID: "$h2") && state.isActive && state.updatedAt == 5_000)
        // A block removed on the new side (an unblock) is never re-created.
        var planner = ImportPlanner(store: other)
        var first = MigrationBatch()
        let block = ProfileBlocks.Block(blocker: L.addr(L.a), blocked: L.addr(L.b))
        _ = try await planner.plan(block, blockedAt: 10_000, mutual: false, into: &first)
        try await other.apply(first)
        await other.removeBlock(blocker: L.addr(L.a), blocked: L.addr(L.b))
        var again = MigrationBatch()
        var fresh = ImportPlanner(store: other)
        #expect(try await fresh.plan(block, blockedAt: 20_000, mutual: false, into: &again) == .kept)
        #expect(again.blocks.isEmpty && again.conflicts.map(\.rule) == [.newSideNewer])
    }

    @Test("#40 legacy_db_drift: a diff-side rule; migrate reads Matrix only and never journals it")
    func row40() async throws {
        // The Rust service's DB is not an input of migrate (legacy-matrix §3.6): Matrix wins by construction.
        // What applies here: the migrated state equals the Matrix derivation, whatever else exists.
        let store = InMemoryStore()
        let (outcome, batch) = try await apply(try decision([request]), to: store)
        #expect(outcome == .written)
        #expect(!batch.conflicts.map(\.rule).contains(.legacyDBDrift))
        #expect(ConflictRule(rawValue: "legacy_db_drift") == .legacyDBDrift)
        #expect(try await store.pair(pair)?.newestAction?.id == BridgeIDs.action(eventID: "$h1"))
    }

    @Test("#41 bridge_echo: an event the bridge wrote is not re-applied")
    func row41() async throws {
        let store = InMemoryStore()
        try await apply(try decision([request]), to: store)
        await store.addNewSideAction(.accept, by: L.addr(L.b), pair: pair, at: 5_000, id: "rpc-accept")
        let echoed = L.friendship("$echo", by: ub,
                                  content: #"{"type":"accept","org.decentraland.socialbridge":{"action_id":"rpc-accept"}}"#, ts: 5_001)
        let (outcome, batch) = try await apply(try decision([request, echoed]), to: store)
        #expect(outcome == .kept)
        #expect(batch.conflicts.map(\.rule) == [.bridgeEcho])
        #expect(try await store.actionExists(id: BridgeIDs.action(eventID: "$echo")) == false)
        // Same with a recorded event id and no marker.
        let plain = L.friendship("$recorded", by: ub, content: L.action("accept"), ts: 5_002)
        await store.recordBridgeEvent("$recorded")
        let (recorded, _) = try await apply(try decision([request, plain]), to: store)
        #expect(recorded == .kept)
    }

    @Test("#42 blocked_pair: no legacy action while a block exists")
    func row42() async throws {
        let store = InMemoryStore()
        try await apply(try decision([request]), to: store)
        await store.addNewSideBlock(blocker: L.addr(L.b), blocked: L.addr(L.a), at: 3_000)
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 5_000)
        let (outcome, batch) = try await apply(try decision([request, accept]), to: store)
        #expect(outcome == .kept)
        #expect(batch.conflicts.map(\.rule) == [.blockedPair])
        #expect(try await store.pair(pair)?.newestAction?.id == BridgeIDs.action(eventID: "$h1"))
    }
}
