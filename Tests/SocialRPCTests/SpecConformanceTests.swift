import Testing
import Protobuf
import SocialDomain
import SocialProtocol
import SocialStore
@testable import SocialRPC

/// rpc-protocol §4.3/§4.4 item by item, through the handlers over the on-disk SQLite store.
@Suite struct SpecConformanceTests {
    let a = addr(0xa), b = addr(0xb), c = addr(0xc), d = addr(0xd)

    struct Fixture {
        let h: SocialServiceHandlers
        let harness: CoreHarness
        let store: SocialStore

        init(limits: RateLimiter.Configuration = .reference) throws {
            harness = try CoreHarness(.sqlite, limits: limits)
            guard let store = harness.repository as? SocialStore else { throw Unexpected(description: "not the SQLite store") }
            self.store = store
            h = SocialServiceHandlers(core: harness.core)
        }

        func caller(_ address: Address, _ connection: UInt64 = 1) -> SocialServiceHandlers.Caller {
            .init(address: address, connectionID: connection)
        }

        /// Moves the clock 1 s, then sends the action.
        func upsert(_ from: Address, _ action: String, _ to: String, message: String? = nil) async -> UpsertFriendshipResponse.Response? {
            harness.clock.advance(by: 1_000)
            let user = User(address: to)
            var payload = UpsertFriendshipPayload()
            switch action {
            case "request": payload.action = .request(.init(user: user, message: message))
            case "accept": payload.action = .accept(.init(user: user))
            case "reject": payload.action = .reject(.init(user: user))
            case "cancel": payload.action = .cancel(.init(user: user))
            case "delete": payload.action = .delete(.init(user: user))
            default: payload.action = nil
            }
            return await h.upsertFriendship(payload, caller: caller(from)).response
        }

        func accepted(_ from: Address, _ action: String, _ to: Address, message: String? = nil) async throws -> UpsertFriendshipResponse.Accepted {
            let response = await upsert(from, action, to.rawValue, message: message)
            guard case .accepted(let ok) = response else { throw Unexpected(description: "\(action): \(String(describing: response))") }
            return ok
        }

        func block(_ from: Address, _ to: Address) async -> BlockUserResponse.Response? {
            harness.clock.advance(by: 1_000)
            return await h.blockUser(BlockUserPayload(user: User(address: to.rawValue)), caller: caller(from)).response
        }

        func unblock(_ from: Address, _ to: Address) async -> UnblockUserResponse.Response? {
            harness.clock.advance(by: 1_000)
            return await h.unblockUser(UnblockUserPayload(user: User(address: to.rawValue)), caller: caller(from)).response
        }

        func status(_ viewer: Address, _ other: Address) -> GetFriendshipStatusResponse.Response? {
            h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: other.rawValue)), caller: caller(viewer)).response
        }
    }

    struct Unexpected: Error, CustomStringConvertible { let description: String }

    static let unknown = UpsertFriendshipResponse.Response.invalidRequest(InvalidRequest(message: "Unknown message"))
    static let invalidAddress = UpsertFriendshipResponse.Response.invalidRequest(InvalidRequest(message: "Invalid user address in the request payload"))
    static let toSelf = UpsertFriendshipResponse.Response.invalidFriendshipAction(InvalidFriendshipAction(message: "You cannot send a friendship request to yourself"))
    static let limited = UpsertFriendshipResponse.Response.invalidRequest(InvalidRequest(message: "Too many friendship or block actions. Please try again later"))
    static let blocked = UpsertFriendshipResponse.Response.invalidFriendshipAction(InvalidFriendshipAction(
        message: "This action is not allowed because either you blocked this user or this user blocked you"))
    static let invalidTransition = UpsertFriendshipResponse.Response.invalidFriendshipAction(InvalidFriendshipAction(
        message: "The friendship action is not valid for the current friendship status"))

    @Test func inputChecksComeFirstAndSpendNoRateTokens() async throws {
        let f = try Fixture(limits: .init(perActor: 1, perPair: 10, windowMilliseconds: 600_000))
        #expect(await f.upsert(a, "none", b.rawValue) == Self.unknown)
        // Request to self is caught before address validation and before the rate limit, in any case form.
        #expect(await f.upsert(a, "request", "0x" + a.rawValue.dropFirst(2).uppercased()) == Self.toSelf)
        #expect(await f.upsert(a, "request", "0X" + a.rawValue.dropFirst(2)) == Self.toSelf)
        #expect(await f.upsert(a, "request", "0x12") == Self.invalidAddress)
        #expect(await f.upsert(a, "accept", "") == Self.invalidAddress)
        #expect(await f.block(a, a) == .invalidRequest(InvalidRequest(message: "Cannot block yourself")))
        #expect(await f.unblock(a, a) == .invalidRequest(InvalidRequest(message: "Cannot unblock yourself")))
        #expect(await f.h.blockUser(BlockUserPayload(user: User(address: "0xzz")), caller: f.caller(a)).response
                == .invalidRequest(InvalidRequest(message: "Invalid user address in the request payload")))
        // None of the above spent the single token.
        _ = try await f.accepted(a, "request", b)
        #expect(await f.upsert(a, "request", c.rawValue) == Self.limited)
        #expect(await f.block(a, c) == .invalidRequest(InvalidRequest(message: "Too many friendship or block actions. Please try again later")))
    }

    @Test func rateLimitPrecedesBlockAndStateChecksAndRefusalsSpendTokens() async throws {
        let f = try Fixture(limits: .init(perActor: 30, perPair: 2, windowMilliseconds: 600_000))
        guard case .ok = await f.block(b, a) else { Issue.record("block"); return }
        #expect(await f.upsert(a, "request", b.rawValue) == Self.blocked)
        #expect(await f.upsert(b, "request", a.rawValue) == Self.blocked)
        // Both sides share the symmetric pair counter; the limit answers before the block check.
        #expect(await f.upsert(a, "request", b.rawValue) == Self.limited)
        #expect(await f.upsert(a, "accept", c.rawValue) == Self.invalidTransition)
        #expect(await f.upsert(c, "cancel", a.rawValue) == Self.invalidTransition)
        #expect(await f.upsert(a, "delete", c.rawValue) == Self.limited)
        // Block/unblock count per direction, apart from the friendship pair counter.
        guard case .ok = await f.unblock(b, a) else { Issue.record("unblock"); return }
        guard case .ok = await f.block(a, b) else { Issue.record("block back"); return }
        guard case .ok = await f.unblock(a, b) else { Issue.record("unblock back"); return }
        #expect(await f.block(a, b) == .invalidRequest(InvalidRequest(message: "Too many friendship or block actions. Please try again later")))
    }

    @Test func anActorOverItsLimitDoesNotSpendTheSharedPairBudget() async throws {
        let f = try Fixture(limits: .init(perActor: 2, perPair: 2, windowMilliseconds: 600_000))
        _ = try await f.accepted(a, "request", c)
        _ = try await f.accepted(a, "request", d)
        #expect(await f.upsert(a, "request", b.rawValue) == Self.limited)
        #expect(await f.upsert(a, "request", b.rawValue) == Self.limited)
        // a's refused attempts stopped at a's own counter: b still has the whole a–b pair budget.
        _ = try await f.accepted(b, "request", a)
        _ = try await f.accepted(b, "cancel", a)
        #expect(await f.upsert(b, "request", a.rawValue) == Self.limited)
    }

    @Test func upsertRowEffectsReplyAndPublication() async throws {
        let f = try Fixture()
        let aStream = f.h.subscribeToFriendshipUpdates(caller: f.caller(a, 1))
        let bStream = f.h.subscribeToFriendshipUpdates(caller: f.caller(b, 2))
        let requested = try await f.accepted(a, "request", b, message: "hi")
        let row = try #require(try f.store.friendship(between: a, and: b))
        #expect(requested.id == row.id && requested.createdAt == row.createdAt && requested.message == "hi")
        #expect(requested.friend?.address == b.rawValue && row.requester == a && row.requested == b && !row.isActive)
        let pending = await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: f.caller(b), sent: false)
        guard case .requests(let list) = pending.response, let entry = list.requests.first else { Issue.record("\(pending)"); return }
        // The list entry and the update carry the action id, not the pair row id.
        #expect(entry.id != row.id && entry.createdAt == f.harness.clock.nowMilliseconds() && entry.message == "hi")
        let toB = try await drainBuffered(bStream, expecting: 1)
        guard case .request(let update) = toB.first?.update else { Issue.record("\(toB)"); return }
        #expect(update.id == entry.id && update.message == "hi" && update.friend?.address == a.rawValue)
        #expect(update.createdAt == f.harness.clock.nowMilliseconds())

        let accepted = try await f.accepted(b, "accept", a)
        // Same pair row, its original created_at, the target's profile, no message.
        #expect(accepted.id == row.id && accepted.createdAt == row.createdAt && accepted.message == "")
        #expect(accepted.friend?.address == a.rawValue)
        #expect(try f.store.friendship(between: a, and: b)?.isActive == true)
        // a never saw its own request: the first thing on its stream is b's accept.
        #expect(try await drainBuffered(aStream, expecting: 1).first?.update == .accept(.init(user: User(address: b.rawValue))))

        _ = try await f.accepted(b, "delete", a)
        _ = try await f.accepted(b, "request", a)
        let reused = try #require(try f.store.friendship(between: a, and: b))
        #expect(reused.id == row.id && reused.requester == a && reused.requested == b && !reused.isActive)
    }

    @Test func blockKeepsTheRowAndPushesTheRightUpdates() async throws {
        let f = try Fixture()
        _ = try await f.accepted(a, "request", b)
        _ = try await f.accepted(b, "accept", a)
        let bFriendship = f.h.subscribeToFriendshipUpdates(caller: f.caller(b, 2))
        let bBlocks = f.h.subscribeToBlockUpdates(caller: f.caller(b, 2))
        let cFriendship = f.h.subscribeToFriendshipUpdates(caller: f.caller(c, 3))
        let cBlocks = f.h.subscribeToBlockUpdates(caller: f.caller(c, 3))

        guard case .ok(let first) = await f.block(a, b) else { Issue.record("block"); return }
        let firstBlockedAt = f.harness.clock.nowMilliseconds()
        #expect(first.profile?.blockedAt == firstBlockedAt && first.profile?.address == b.rawValue)
        let row = try #require(try f.store.friendship(between: a, and: b))
        #expect(!row.isActive)
        #expect(f.status(a, b) == .accepted(.init(status: .blocked)) && f.status(b, a) == .accepted(.init(status: .blockedBy)))
        #expect(try await drainBuffered(bFriendship, expecting: 1).first?.update == .block(.init(user: User(address: a.rawValue))))
        #expect(try await drainBuffered(bBlocks, expecting: 1) == [BlockUpdate(address: a.rawValue, isBlocked: true)])
        // Re-blocking keeps the first date.
        guard case .ok(let again) = await f.block(a, b) else { Issue.record("re-block"); return }
        #expect(again.profile?.blockedAt == firstBlockedAt)
        #expect(await f.h.getBlockedUsers(GetBlockedUsersPayload(), caller: f.caller(a)).profiles.first?.blockedAt == firstBlockedAt)

        // No friendship with c: BlockUpdate only, and no delete on unblock.
        guard case .ok = await f.block(a, c) else { Issue.record("block c"); return }
        guard case .ok(let unblockedC) = await f.unblock(a, c) else { Issue.record("unblock c"); return }
        #expect(unblockedC.profile?.blockedAt == nil && unblockedC.profile?.address == c.rawValue)
        #expect(try await drainBuffered(cBlocks, expecting: 2)
                == [BlockUpdate(address: a.rawValue, isBlocked: true), BlockUpdate(address: a.rawValue, isBlocked: false)])
        #expect(f.status(a, c) == .accepted(.init(status: .none)))

        _ = try await drainBuffered(bFriendship, expecting: 1) // the re-block's block update
        _ = try await drainBuffered(bBlocks, expecting: 1)
        guard case .ok = await f.unblock(a, b) else { Issue.record("unblock b"); return }
        #expect(try await drainBuffered(bFriendship, expecting: 1).first?.update == .delete(.init(user: User(address: a.rawValue))))
        #expect(try await drainBuffered(bBlocks, expecting: 1) == [BlockUpdate(address: a.rawValue, isBlocked: false)])
        #expect(f.status(b, a) == .accepted(.init(status: .deleted)))
        #expect(try f.store.friendship(between: a, and: b)?.isActive == false)
        // c's friendship stream got nothing from the block/unblock: its first element is a later request.
        _ = try await f.accepted(a, "request", c)
        guard case .request = try await drainBuffered(cFriendship, expecting: 1).first?.update else { Issue.record("c stream"); return }
    }

    @Test func unblockWithoutABlockLeavesAFriendshipAlone() async throws {
        let f = try Fixture()
        _ = try await f.accepted(a, "request", b)
        _ = try await f.accepted(b, "accept", a)
        let bBlocks = f.h.subscribeToBlockUpdates(caller: f.caller(b, 2))
        guard case .ok(let ok) = await f.unblock(a, b) else { Issue.record("unblock"); return }
        #expect(ok.profile?.blockedAt == nil)
        #expect(f.status(a, b) == .accepted(.init(status: .accepted)))
        #expect(await f.h.getFriends(GetFriendsPayload(), caller: f.caller(a)).friends.map(\.address) == [b.rawValue])
        #expect(try await drainBuffered(bBlocks, expecting: 1) == [BlockUpdate(address: a.rawValue, isBlocked: false)])
    }
    @Test func connectivitySnapshotListsOnlineActiveUnblockedFriendsOnly() async throws {
        let f = try Fixture()
        let e = addr(0xe)
        for x in [b, c, e] {
            _ = try await f.accepted(a, "request", x)
            _ = try await f.accepted(x, "accept", a)
        }
        _ = try await f.accepted(d, "request", a)
        _ = await f.block(c, a)
        for (id, x) in [(2, b), (3, c), (4, d)] { f.harness.presence.connectionAuthenticated(UInt64(id), as: x) }
        f.harness.presence.connectionAuthenticated(1, as: a)
        let stream = f.h.subscribeToFriendConnectivityUpdates(caller: f.caller(a, 1))
        // Only b: c blocked a, d's request is pending, e is offline. The next element is the accept
        // announcement of d (no ConnectivityPublisher runs here, so e's connect is not announced).
        f.harness.presence.connectionAuthenticated(5, as: e)
        _ = try await f.accepted(a, "accept", d)
        let seen = try await drainBuffered(stream, expecting: 2)
        #expect(seen.map { $0.friend?.address } == [b.rawValue, d.rawValue])
        #expect(seen.map(\.status) == [.online, .online] && seen.allSatisfy { $0.streamClosed == nil })
    }
}
