import Testing
import SocialDomain
@testable import SocialRPC

@Suite struct ListsCoreTests {
    let me = addr(0x100)

    @Test(arguments: RepositoryKind.allCases)
    func friendsNewestFirstWithTotalsAndPages(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        for n in 1...5 {
            try await h.act(me, .request, addr(n))
            try await h.act(addr(n), .accept, me)
        }
        let all = try await h.friends(me)
        #expect(all.items.map(\.address) == [addr(5), addr(4), addr(3), addr(2), addr(1)] && all.total == 5 && all.page == 1)
        let page = try await h.friends(me, limit: 2, offset: 2)
        #expect(page.items.map(\.address) == [addr(3), addr(2)] && page.total == 5 && page.page == 2)
        let beyond = try await h.friends(me, limit: 2, offset: 10)
        #expect(beyond.items.isEmpty && beyond.total == 5 && beyond.page == 6)
    }

    @Test(arguments: RepositoryKind.allCases)
    func mutualFriendsByAddressExcludingBlocked(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        let other = addr(0x200)
        for n in [3, 1, 2, 4] {
            try await h.act(me, .request, addr(n)); try await h.act(addr(n), .accept, me)
            try await h.act(other, .request, addr(n)); try await h.act(addr(n), .accept, other)
        }
        _ = try await h.core.block(caller: addr(4), target: other.rawValue)
        let mutual = try await h.core.mutualFriends(caller: me, other: other.rawValue, page: PageRequest(limit: nil, offset: nil, policy: .mutualFriends))
        #expect(mutual.items.map(\.address) == [addr(1), addr(2), addr(3)] && mutual.total == 3)
        await #expect(throws: SocialRPCError.self) {
            _ = try await h.core.mutualFriends(caller: me, other: "", page: PageRequest(limit: nil, offset: nil, policy: .mutualFriends))
        }
    }

    @Test(arguments: RepositoryKind.allCases)
    func requestListsShowOnlyPairsWhoseNewestActionIsARequest(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        try await h.act(addr(1), .request, me, message: "one")
        try await h.act(addr(2), .request, me)
        try await h.act(addr(3), .request, me)
        try await h.act(addr(3), .cancel, me)
        try await h.act(me, .request, addr(4))
        try await h.act(addr(5), .request, me)
        _ = try await h.core.block(caller: me, target: addr(5).rawValue)
        let policy = PaginationPolicy.friendshipRequests
        let pending = try await h.core.friendshipRequests(caller: me, sent: false, page: PageRequest(limit: nil, offset: nil, policy: policy))
        #expect(pending.items.map(\.row.other) == [addr(2), addr(1)] && pending.total == 2)
        #expect(pending.items.last?.row.message == "one" && pending.items.last?.profile.address == addr(1))
        let sent = try await h.core.friendshipRequests(caller: me, sent: true, page: PageRequest(limit: 1, offset: 0, policy: policy))
        #expect(sent.items.map(\.row.other) == [addr(4)] && sent.total == 1)
        let theirSent = try await h.core.friendshipRequests(caller: addr(1), sent: true, page: PageRequest(limit: nil, offset: nil, policy: policy))
        #expect(theirSent.items.first?.row.createdAt == pending.items.last?.row.createdAt)
    }
}
