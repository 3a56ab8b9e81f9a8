import Testing
import SocialDomain
@testable import SocialRPC

@Suite struct BlockCoreTests {
    let a = addr(0xa), b = addr(0xb), c = addr(0xc)

    @Test(arguments: RepositoryKind.allCases)
    func blockWhileFriendsDeactivatesAndNotifiesTheBlockedUserOnly(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        try await h.act(a, .request, b)
        try await h.act(b, .accept, a)
        try await h.act(a, .request, c)
        try await h.act(c, .accept, a)
        let bFriendship = try h.core.friendshipUpdates(caller: b, connectionID: 2)
        let bBlocks = try h.core.blockUpdates(caller: b, connectionID: 2)
        let aBlocks = try h.core.blockUpdates(caller: a, connectionID: 1)
        h.clock.advance(by: 1_000)
        let blockTime = h.clock.nowMilliseconds()
        let reply = try await h.core.block(caller: a, target: b.rawValue.uppercased().replacingOccurrences(of: "0X", with: "0x"))
        #expect(reply.profile.address == b && reply.blockedAt == blockTime && reply.profile.name == "")
        #expect(try h.status(a, b) == .blocked)
        #expect(try h.status(b, a) == .blockedBy)
        #expect(try await h.friends(a).items.map(\.address) == [c])
        #expect(try await h.friends(b).total == 0)
        let friendshipUpdate = try await drainBuffered(bFriendship, expecting: 1)
        #expect(friendshipUpdate.map(\.action) == [.block] && friendshipUpdate.first?.from == a)
        let blockUpdate = try await drainBuffered(bBlocks, expecting: 1)
        #expect(blockUpdate == [BlockEvent(blocker: a, blocked: b, isBlocked: true)])
        #expect(h.hub.blocks.publish(BlockEvent(blocker: c, blocked: a, isBlocked: true), to: a) == 1)
        #expect(try await drainBuffered(aBlocks, expecting: 1).first?.blocker == c)
        // Re-blocking is idempotent and keeps the first date.
        h.clock.advance(by: 5_000)
        #expect(try await h.core.block(caller: a, target: b.rawValue).blockedAt == blockTime)
    }

    @Test(arguments: RepositoryKind.allCases)
    func blockWithoutFriendshipSendsOnlyTheBlockUpdate(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        _ = try await h.core.block(caller: a, target: b.rawValue)
        #expect(!h.hub.friendships.hasSubscribers(b))
        let bFriendship = try h.core.friendshipUpdates(caller: b, connectionID: 2)
        _ = try await h.core.unblock(caller: a, target: b.rawValue)
        // No pair row: no delete action, no friendship update; the synthetic block is gone.
        #expect(try h.status(a, b) == .none)
        h.hub.friendships.finishAll()
        #expect(try await drainBuffered(bFriendship, expecting: 1).isEmpty)
    }

    @Test(arguments: RepositoryKind.allCases)
    func unblockAppendsDeleteOnlyWhenABlockWasRemoved(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        try await h.act(a, .request, b)
        try await h.act(b, .accept, a)
        // Unblocking someone never blocked leaves an accepted friendship untouched (reference quirk fixed).
        _ = try await h.core.unblock(caller: a, target: b.rawValue)
        #expect(try h.status(a, b) == .accepted)
        #expect(try await h.friends(a).total == 1)
        _ = try await h.core.block(caller: a, target: b.rawValue)
        let bFriendship = try h.core.friendshipUpdates(caller: b, connectionID: 2)
        let bBlocks = try h.core.blockUpdates(caller: b, connectionID: 2)
        let reply = try await h.core.unblock(caller: a, target: b.rawValue)
        #expect(reply.blockedAt == nil && reply.profile.address == b)
        #expect(try h.status(a, b) == .deleted)
        #expect(try await drainBuffered(bFriendship, expecting: 1).map(\.action) == [.delete])
        #expect(try await drainBuffered(bBlocks, expecting: 1) == [BlockEvent(blocker: a, blocked: b, isBlocked: false)])
        // After unblock a new request is allowed.
        try await h.act(b, .request, a)
        #expect(try h.status(a, b) == .requestReceived)
    }

    @Test(arguments: RepositoryKind.allCases)
    func validationMessages(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind, limits: .init(perActor: 30, perPair: 2, windowMilliseconds: 60_000))
        await #expect(throws: SocialRPCError.invalidRequest("Invalid user address in the request payload")) {
            _ = try await h.core.block(caller: a, target: "nope")
        }
        await #expect(throws: SocialRPCError.invalidRequest("Cannot block yourself")) {
            _ = try await h.core.block(caller: a, target: a.rawValue)
        }
        await #expect(throws: SocialRPCError.invalidRequest("Cannot unblock yourself")) {
            _ = try await h.core.unblock(caller: a, target: a.rawValue)
        }
        _ = try await h.core.block(caller: a, target: b.rawValue)
        _ = try await h.core.unblock(caller: a, target: b.rawValue)
        await #expect(throws: SocialRPCError.invalidRequest("Too many friendship or block actions. Please try again later")) {
            _ = try await h.core.block(caller: a, target: b.rawValue)
        }
        // The block pair key is directional: b may still block a.
        _ = try await h.core.block(caller: b, target: a.rawValue)
    }

    @Test(arguments: RepositoryKind.allCases)
    func blockedUsersOrderPaginationAndBlockingStatus(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        for n in [3, 1, 2] {
            h.clock.advance(by: n == 2 ? 0 : 1_000)  // 1 and 2 share a timestamp: address order breaks the tie
            _ = try await h.core.block(caller: a, target: addr(n).rawValue)
        }
        _ = try await h.core.block(caller: c, target: a.rawValue)
        let all = try await h.core.blockedUsers(caller: a, page: PageRequest(limit: nil, offset: nil, policy: .blockedUsers))
        #expect(all.items.map(\.profile.address) == [addr(1), addr(2), addr(3)])
        #expect(all.total == 3 && all.page == 1)
        let second = try await h.core.blockedUsers(caller: a, page: PageRequest(limit: 2, offset: 2, policy: .blockedUsers))
        #expect(second.items.map(\.profile.address) == [addr(3)] && second.total == 3 && second.page == 2)
        let status = try h.core.blockingStatus(caller: a)
        #expect(Set(status.blocked) == [addr(1), addr(2), addr(3)] && status.blockedBy == [c])
        #expect(try h.status(a, c) == .blockedBy)
    }

    @Test func statusValidation() throws {
        let h = try CoreHarness(.memory)
        #expect(throws: SocialRPCError.invalidRequest("User address is missing in the request payload")) { try h.core.friendshipStatus(caller: a, target: "") }
        #expect(throws: SocialRPCError.invalidRequest("Invalid user address in the request payload")) { try h.core.friendshipStatus(caller: a, target: "0xzz") }
        #expect(try h.status(a, b) == .none)
    }
}
