import Testing
import SocialDomain
@testable import SocialStore

@Suite struct QueryTests {
    /// user 1 befriends 2…6 at increasing times; 7 requests 1; 1 requests 8; 6 blocks 1.
    func populated() throws -> SocialStore {
        let store = try StoreFixture().store
        for n in 2...6 {
            _ = try store.mustUpsert(addr(1), addr(n), .request, at: Int64(n * 100))
            _ = try store.mustUpsert(addr(n), addr(1), .accept, at: Int64(n * 100 + 1))
        }
        _ = try store.mustUpsert(addr(7), addr(1), .request, message: "be my friend", at: 800)
        _ = try store.mustUpsert(addr(1), addr(8), .request, at: 900)
        _ = try store.block(blocker: addr(6), blocked: addr(1), now: 1_000)
        return store
    }

    @Test func friendsNewestFirstPaginatedWithBlockedExcluded() throws {
        let store = try populated()
        let all = try store.friends(of: addr(1), limit: 100, offset: 0)
        #expect(all.items.map(\.address) == [addr(5), addr(4), addr(3), addr(2)])
        #expect(all.total == 4)
        #expect(all.items.first?.createdAt == 500)
        let page = try store.friends(of: addr(1), limit: 2, offset: 1)
        #expect(page.items.map(\.address) == [addr(4), addr(3)] && page.total == 4)
        let beyond = try store.friends(of: addr(1), limit: 2, offset: 10)
        #expect(beyond.items.isEmpty && beyond.total == 4)
        #expect(try store.friends(of: addr(2), limit: 10, offset: 0).items.map(\.address) == [addr(1)])
        #expect(try store.friends(of: addr(6), limit: 10, offset: 0).total == 0)
        #expect(try store.allFriends(of: addr(1)) == [addr(2), addr(3), addr(4), addr(5)])
        #expect(try store.areFriends(addr(2), addr(1)))
        #expect(try !store.areFriends(addr(6), addr(1)))
    }

    @Test func mutualFriendsByAddressWithBlocksExcluded() throws {
        let store = try populated()
        // 9 is a friend of 2, 3 and 6; 1 is a friend of 2, 3 (6 is blocked with 1).
        for n in [3, 2, 6] {
            _ = try store.mustUpsert(addr(9), addr(n), .request, at: 2_000 + Int64(n))
            _ = try store.mustUpsert(addr(n), addr(9), .accept, at: 2_100 + Int64(n))
        }
        let mutual = try store.mutualFriends(of: addr(1), and: addr(9), limit: 10, offset: 0)
        #expect(mutual.items == [addr(2), addr(3)] && mutual.total == 2)
        let paged = try store.mutualFriends(of: addr(9), and: addr(1), limit: 1, offset: 1)
        #expect(paged.items == [addr(3)] && paged.total == 2)
        _ = try store.block(blocker: addr(3), blocked: addr(9), now: 3_000)
        #expect(try store.mutualFriends(of: addr(1), and: addr(9), limit: 10, offset: 0) == Page(items: [addr(2)], total: 1))
    }

    @Test func pendingAndSentRequests() throws {
        let store = try populated()
        _ = try store.mustUpsert(addr(10), addr(1), .request, at: 1_100)
        _ = try store.mustUpsert(addr(11), addr(1), .request, at: 1_200)
        _ = try store.mustUpsert(addr(11), addr(1), .cancel, at: 1_300)      // no longer pending
        _ = try store.mustUpsert(addr(12), addr(1), .request, at: 1_400)
        _ = try store.block(blocker: addr(1), blocked: addr(12), now: 1_500)  // blocked: excluded
        let pending = try store.pendingRequests(to: addr(1), limit: 10, offset: 0)
        #expect(pending.items.map(\.other) == [addr(10), addr(7)] && pending.total == 2)
        let first = try #require(pending.items.last)
        #expect(first.message == "be my friend" && first.createdAt == 800)
        #expect(try store.action(id: first.actionID)?.action == .request)
        #expect(try store.pendingRequests(to: addr(1), limit: 1, offset: 1) == Page(items: [first], total: 2))
        let sent = try store.sentRequests(by: addr(1), limit: 10, offset: 0)
        #expect(sent.items.map(\.other) == [addr(8)] && sent.total == 1 && sent.items[0].message == nil)
        #expect(try store.sentRequests(by: addr(7), limit: 10, offset: 0).items.map(\.other) == [addr(1)])
        #expect(try store.pendingRequests(to: addr(7), limit: 10, offset: 0).total == 0)
    }

    @Test func blockListsOrderAndTotals() throws {
        let store = try StoreFixture().store
        _ = try store.block(blocker: addr(1), blocked: addr(4), now: 100)
        _ = try store.block(blocker: addr(1), blocked: addr(3), now: 200)
        _ = try store.block(blocker: addr(1), blocked: addr(2), now: 200)
        _ = try store.block(blocker: addr(5), blocked: addr(1), now: 300)
        let mine = try store.blocks(by: addr(1), limit: 10, offset: 0)
        #expect(mine.items.map(\.blocked) == [addr(2), addr(3), addr(4)] && mine.total == 3)
        #expect(try store.blocks(by: addr(1), limit: 1, offset: 2).items.map(\.blocked) == [addr(4)])
        let against = try store.blocks(against: addr(1), limit: 10, offset: 0)
        #expect(against.items.map(\.blocker) == [addr(5)] && against.total == 1)
        let status = try store.blockingStatus(of: addr(1))
        #expect(status.blocked == mine.items && status.blockedBy == against.items)
        #expect(try store.isBlockedEitherWay(addr(4), addr(1)))
        #expect(try !store.isBlockedEitherWay(addr(4), addr(5)))
    }

    @Test func pairStateAndStatusForEveryLastAction() throws {
        let store = try StoreFixture().store
        let a = addr(1), b = addr(2)
        #expect(try store.pairState(a, b) == nil)
        #expect(try store.friendshipStatus(viewer: a, other: b) == FriendshipStatus.none)
        let steps: [(FriendshipAction, Address, FriendshipStatus)] = [
            (.request, a, .requestSent), (.reject, b, .rejected), (.request, b, .requestReceived), (.cancel, b, .canceled),
            (.request, a, .requestSent), (.accept, b, .accepted), (.delete, a, .deleted),
        ]
        for (index, (action, actor, status)) in steps.enumerated() {
            _ = try store.mustUpsert(actor, actor == a ? b : a, action, at: Int64(index))
            #expect(try store.friendshipStatus(viewer: a, other: b) == status)
            let state = try #require(try store.pairState(b, a))
            #expect(state.last == LastAction(action, by: actor) && !state.isImported && !state.isSynthetic)
        }
    }

    @Test func friendsAmongCandidates() throws {
        let store = try populated()
        #expect(try store.friends(of: addr(1), among: [addr(2), addr(6), addr(7), addr(5)]) == [addr(2), addr(5)])
        #expect(try store.friends(of: addr(1), among: []).isEmpty)
    }

    @Test func messagesRoundTripExactly() throws {
        let store = try StoreFixture().store
        let text = "line1\nline2\u{0}after-nul 🙂 \"q\" \\ end"
        _ = try store.mustUpsert(addr(1), addr(2), .request, message: text, at: 1)
        let pending = try store.pendingRequests(to: addr(2), limit: 10, offset: 0)
        #expect(pending.items.first?.message == text)
        #expect(try store.snapshot().friendships.first?.message == text)
    }

    @Test func listQueriesUseIndexes() throws {
        let store = try populated()
        let plan = try store.withDatabase { (db) throws(SocialStoreError) in
            try db.query(
                "EXPLAIN QUERY PLAN " + Database.friendsOfSQL(parameter: "?1"), [.text(addr(1).rawValue)]
            ) { $0.optionalText(3) ?? "" }
        }
        #expect(!plan.contains { $0.hasPrefix("SCAN f") }, "\(plan)")
        #expect(plan.contains { $0.contains("friendships_address_requester") }, "\(plan)")
        #expect(plan.contains { $0.contains("friendships_address_requested") }, "\(plan)")
        #expect(!plan.contains { $0.contains("friendships_is_active") }, "\(plan)")
    }
}
