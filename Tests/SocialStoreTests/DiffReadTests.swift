import Testing
import SocialDomain
@testable import SocialStore

/// The reads `diff` makes: snapshot pages in pair order, block pages, one pair's journal, its oldest action.
@Suite struct DiffReadTests {
    /// Pairs where the requester sorts above and below the other member, one row without actions, blocks.
    func populated() throws -> SocialStore {
        let store = try StoreFixture().store
        _ = try store.mustUpsert(addr(9), addr(2), .request, message: "hi", at: 100)
        _ = try store.mustUpsert(addr(2), addr(9), .accept, at: 200)
        _ = try store.mustUpsert(addr(1), addr(5), .request, at: 300)
        _ = try store.mustUpsert(addr(3), addr(1), .request, at: 400)
        _ = try store.mustUpsert(addr(1), addr(3), .reject, at: 500)
        _ = try store.mustUpsert(addr(7), addr(4), .request, message: "yo", at: 600)
        _ = try store.apply(ImportBatch(friendships: [FriendshipRecord(id: "bare", requester: addr(8), requested: addr(6), isActive: false,
                                                                    createdAt: 50, updatedAt: 50)], now: 1))
        _ = try store.block(blocker: addr(5), blocked: addr(1), now: 700)
        _ = try store.block(blocker: addr(1), blocked: addr(3), now: 800)
        _ = try store.block(blocker: addr(2), blocked: addr(11), now: 900)
        return store
    }

    @Test("paging through snapshotPairs gives snapshot()'s pairs in the same order, at any page size")
    func pairPages() throws {
        let store = try populated()
        let snapshot = try store.snapshot()
        #expect(snapshot.friendships.map(\.users) == snapshot.friendships.map(\.users).sorted())
        for limit in [1, 2, 3, 100] {
            var paged: [StoreSnapshot.Pair] = []
            var after: AddressPair?
            while true {
                let page = try store.snapshotPairs(after: after, limit: limit)
                paged += page
                guard page.count == limit, let last = page.last else { break }
                after = last.users
            }
            #expect(paged == snapshot.friendships, "limit \(limit)")
            #expect(paged.allSatisfy { ($0.actionID == nil) == ($0.status == nil) })
        }
        let bare = try #require(try store.snapshotPairs(after: nil, limit: 100).first { $0.users == AddressPair(addr(6), addr(8)) })
        #expect(bare.status == nil && bare.actionID == nil && bare.updatedAt == 50)
        let newest = try #require(try store.newestAction(of: AddressPair(addr(1), addr(5))!))
        #expect(try store.snapshotPairs(after: AddressPair(addr(1), addr(3)), limit: 1).first?.actionID == newest.action.id)
    }

    @Test("a page seeks in the unordered-pair index instead of scanning it from the start")
    func pageSeeksTheIndex() throws {
        let store = try populated()
        let plan = try store.withDatabase { (db) throws(SocialStoreError) in
            try db.query("EXPLAIN QUERY PLAN " + Database.snapshotPairPageSQL, [.text(""), .text(""), .integer(10)]) {
                (row) throws(SocialStoreError) in try row.text(3)
            }
        }
        #expect(plan.contains { $0.hasPrefix("SEARCH f USING INDEX friendships_unordered_pair") }, "\(plan)")
    }

    @Test("block pages in blocker, blocked order")
    func blockPages() throws {
        let store = try populated()
        let all = try store.snapshot().blocks
        #expect(try store.snapshotBlocks(after: nil, limit: 10) == all)
        #expect(try store.snapshotBlocks(after: (addr(1), addr(3)), limit: 1) == [all[1]])
        #expect(try store.snapshotBlocks(after: (addr(5), addr(1)), limit: 10).isEmpty)
    }

    @Test("one pair's journal under given rules, and its oldest action")
    func journalAndOldest() throws {
        let store = try populated()
        let pair = AddressPair(addr(1), addr(3))!, other = AddressPair(addr(2), addr(9))!
        _ = try store.apply(ImportBatch(conflicts: [
            ConflictRecord(runID: "r", rule: "new_side_newer", pair: pair, roomID: "!r", eventIDs: ["$e"], detail: "d"),
            ConflictRecord(runID: "r", rule: "duplicate_rooms", pair: pair, roomID: "!r", eventIDs: ["$e"]),
            ConflictRecord(runID: "r", rule: "new_side_newer", pair: other, roomID: "!o", eventIDs: ["$o"]),
            ConflictRecord(runID: "r", rule: "new_side_newer", detail: "no pair"),
        ], now: 1))
        let found = try store.conflicts(of: pair, rules: ["new_side_newer", "blocked_pair"])
        #expect(found.map(\.rule) == ["new_side_newer"] && found.first?.eventIDs == ["$e"] && found.first?.roomID == "!r")
        #expect(try store.conflicts(of: pair, rules: []).isEmpty)
        let oldest = try #require(try store.oldestAction(of: pair))
        #expect(oldest.action.action == .request && oldest.action.actingUser == addr(3) && oldest.action.timestamp == 400 && !oldest.isImported)
        #expect(try store.oldestAction(of: AddressPair(addr(6), addr(8))!) == nil)
        #expect(try store.oldestAction(of: AddressPair(addr(1), addr(2))!) == nil)
    }
}
