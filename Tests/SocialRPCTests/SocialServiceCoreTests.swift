import Testing
import SocialDomain
@testable import SocialRPC

@Suite struct UpsertFriendshipCoreTests {
    let a = addr(0xa), b = addr(0xb), c = addr(0xc)

    @Test(arguments: RepositoryKind.allCases)
    func requestAcceptDeleteLifecycle(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind, known: [a: Profile(address: a, name: "alice"), b: Profile(address: b, name: "bob")])
        let bUpdates = try h.core.friendshipUpdates(caller: b, connectionID: 2)
        let aUpdates = try h.core.friendshipUpdates(caller: a, connectionID: 1)
        let requestTime = h.clock.nowMilliseconds() + 1_000
        let requested = try await h.act(a, .request, b, message: "hi")
        #expect(requested.friend.name == "bob" && requested.message == "hi" && requested.createdAt == requestTime)
        #expect(try h.status(a, b) == .requestSent)
        #expect(try h.status(b, a) == .requestReceived)
        let accepted = try await h.act(b, .accept, a)
        // Accepted.id/created_at are the pair row's, not the action's.
        #expect(accepted.id == requested.id && accepted.createdAt == requestTime && accepted.message == "")
        #expect(try h.status(a, b) == .accepted)
        #expect(try await h.friends(a).items.map(\.address) == [b])
        #expect(try await h.friends(b).items.map(\.address) == [a])
        try await h.act(a, .delete, b)
        #expect(try h.status(b, a) == .deleted)
        #expect(try await h.friends(a).total == 0)
        let toB = try await drainBuffered(bUpdates, expecting: 2)
        #expect(toB.map(\.action) == [.request, .delete])
        #expect(toB.first?.sender.name == "alice" && toB.first?.message == "hi" && toB.allSatisfy { $0.from == a && $0.to == b })
        let toA = try await drainBuffered(aUpdates, expecting: 1)
        #expect(toA.map(\.action) == [.accept] && toA.first?.from == b)
    }

    @Test(arguments: RepositoryKind.allCases)
    func rejectAndCancelAllowNewRequests(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        try await h.act(a, .request, b)
        try await h.act(b, .reject, a)
        #expect(try h.status(a, b) == .rejected)
        try await h.act(a, .request, b)
        try await h.act(a, .cancel, b)
        #expect(try h.status(b, a) == .canceled)
        try await h.act(b, .request, a)
        #expect(try h.status(b, a) == .requestSent)
    }

    @Test(arguments: RepositoryKind.allCases)
    func validationOrderAndMessages(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind, limits: .init(perActor: 30, perPair: 3, windowMilliseconds: 3_600_000))
        #expect(await h.failure(a, .request, a.rawValue.uppercased().replacingOccurrences(of: "0X", with: "0x"))
                == .invalidFriendshipAction("You cannot send a friendship request to yourself"))
        #expect(await h.failure(a, .request, "0x123") == .invalidRequest("Invalid user address in the request payload"))
        #expect(await h.failure(a, .accept, "") == .invalidRequest("Invalid user address in the request payload"))
        #expect(await h.failure(a, .delete, a.rawValue) == .invalidFriendshipAction("The friendship action is not valid for the current friendship status"))
        #expect(await h.failure(a, .accept, b.rawValue) == .invalidFriendshipAction("The friendship action is not valid for the current friendship status"))
        try await h.act(a, .request, b)
        // Receiver cannot cancel, sender cannot accept; both spend pair tokens.
        #expect(await h.failure(a, .accept, b.rawValue) == .invalidFriendshipAction("The friendship action is not valid for the current friendship status"))
        // The 4th action on the pair is over the limit: rate limiting comes before the state machine.
        #expect(await h.failure(b, .cancel, a.rawValue) == .invalidRequest("Too many friendship or block actions. Please try again later"))
        #expect(await h.failure(b, .accept, a.rawValue) == .invalidRequest("Too many friendship or block actions. Please try again later"))
    }

    @Test(arguments: RepositoryKind.allCases)
    func blockRefusesEveryFriendshipAction(kind: RepositoryKind) async throws {
        let h = try CoreHarness(kind)
        _ = try await h.core.block(caller: b, target: a.rawValue)
        #expect(await h.failure(a, .request, b.rawValue)
                == .invalidFriendshipAction("This action is not allowed because either you blocked this user or this user blocked you"))
        #expect(await h.failure(b, .request, a.rawValue)
                == .invalidFriendshipAction("This action is not allowed because either you blocked this user or this user blocked you"))
    }

    @Test func storeFailureIsInternalServerError() async throws {
        let h = try CoreHarness(.memory)
        h.memory?.failing = true
        #expect(await h.failure(a, .request, b.rawValue) == .internalServerError("disk on fire"))
        #expect(throws: SocialRPCError.internalServerError("disk on fire")) { try h.status(a, b) }
    }

    @Test func emptyRequestMessageIsStoredAsNone() async throws {
        let h = try CoreHarness(.memory)
        let accepted = try await h.act(a, .request, b, message: "")
        #expect(accepted.message == "")
        let pending = try await h.core.friendshipRequests(caller: b, sent: false, page: PageRequest(limit: nil, offset: nil, policy: .friendshipRequests))
        #expect(pending.items.first?.row.message == nil)
    }
}
