import Testing
import Protobuf
import SocialDomain
import SocialProtocol
@testable import SocialRPC

/// Handlers over the on-disk SQLite store (failure variants over the failing in-memory repository).
@Suite struct HandlerTests {
    let a = addr(0xa), b = addr(0xb), c = addr(0xc)

    private func handlers(_ kind: RepositoryKind = .sqlite, limits: RateLimiter.Configuration = .reference) throws -> (SocialServiceHandlers, CoreHarness) {
        let harness = try CoreHarness(kind, limits: limits, known: [b: Profile(address: b, name: "bob", hasClaimedName: true, pictureURL: "https://b", nameColor: .init(r: 1, g: 0, b: 0))])
        return (SocialServiceHandlers(core: harness.core), harness)
    }

    private func caller(_ address: Address, _ connection: UInt64 = 1) -> SocialServiceHandlers.Caller { .init(address: address, connectionID: connection) }

    private func upsert(_ h: SocialServiceHandlers, _ from: Address, _ action: String, _ to: String, message: String? = nil) async -> UpsertFriendshipResponse {
        var payload = UpsertFriendshipPayload()
        let user = User(address: to)
        switch action {
        case "request":
            var request = UpsertFriendshipPayload.RequestPayload()
            request.user = user
            request.message = message
            payload.action = .request(request)
        case "accept": payload.action = .accept(.init(user: user))
        case "reject": payload.action = .reject(.init(user: user))
        case "cancel": payload.action = .cancel(.init(user: user))
        case "delete": payload.action = .delete(.init(user: user))
        default: payload.action = nil
        }
        return await h.upsertFriendship(payload, caller: caller(from))
    }

    @Test func upsertVariantsAndMessages() async throws {
        let (h, harness) = try handlers(limits: .init(perActor: 30, perPair: 4, windowMilliseconds: 60_000))
        #expect(await upsert(h, a, "none", b.rawValue).response == .invalidRequest(InvalidRequest(message: "Unknown message")))
        var missingUser = UpsertFriendshipPayload()
        missingUser.action = .accept(.init(user: nil))
        #expect(await h.upsertFriendship(missingUser, caller: caller(a)).response
                == .invalidRequest(InvalidRequest(message: "Invalid user address in the request payload")))
        #expect(await upsert(h, a, "request", a.rawValue).response
                == .invalidFriendshipAction(InvalidFriendshipAction(message: "You cannot send a friendship request to yourself")))
        harness.clock.advance(by: 1_000)
        let requested = await upsert(h, a, "request", b.rawValue, message: "hey")
        guard case .accepted(let ok) = requested.response else { Issue.record("\(requested)"); return }
        #expect(ok.friend?.address == b.rawValue && ok.friend?.name == "bob" && ok.friend?.hasClaimedName == true)
        #expect(ok.friend?.profilePictureUrl == "https://b" && ok.friend?.nameColor == Color3(r: 1, g: 0, b: 0))
        #expect(ok.message == "hey" && ok.createdAt == harness.clock.nowMilliseconds() && ok.id.count == 36)
        #expect(await upsert(h, a, "request", b.rawValue).response
                == .invalidFriendshipAction(InvalidFriendshipAction(message: "The friendship action is not valid for the current friendship status")))
        guard case .accepted(let accepted) = await upsert(h, b, "accept", a.rawValue).response else { Issue.record("accept"); return }
        #expect(accepted.id == ok.id && accepted.message == "" && accepted.friend?.address == a.rawValue && accepted.friend?.name == "")
        // Fifth action on the pair within the window.
        #expect(await upsert(h, a, "delete", b.rawValue).response.map { if case .accepted = $0 { true } else { false } } == true)
        #expect(await upsert(h, a, "request", b.rawValue).response
                == .invalidRequest(InvalidRequest(message: "Too many friendship or block actions. Please try again later")))
    }

    @Test func upsertBlockedAndStoreFailure() async throws {
        let (h, _) = try handlers()
        _ = await h.blockUser(BlockUserPayload(user: User(address: a.rawValue)), caller: caller(b))
        #expect(await upsert(h, a, "request", b.rawValue).response == .invalidFriendshipAction(InvalidFriendshipAction(
            message: "This action is not allowed because either you blocked this user or this user blocked you")))
        let (failing, harness) = try handlers(.memory)
        harness.memory?.failing = true
        let response = await upsert(failing, a, "request", b.rawValue)
        #expect(response.response == .internalServerError(InternalServerError(message: "disk on fire")))
    }

    @Test func friendsAndMutualFriendsPages() async throws {
        let (h, _) = try handlers()
        let empty = await h.getFriends(GetFriendsPayload(), caller: caller(a))
        #expect(empty.friends.isEmpty && empty.paginationData == PaginatedResponse(total: 0, page: 1))
        for other in [b, c] {
            _ = await upsert(h, a, "request", other.rawValue)
            _ = await upsert(h, other, "accept", a.rawValue)
        }
        _ = await upsert(h, b, "request", c.rawValue)
        _ = await upsert(h, c, "accept", b.rawValue)
        var payload = GetFriendsPayload()
        payload.pagination = Pagination(limit: 1, offset: 1)
        let page = await h.getFriends(payload, caller: caller(a))
        #expect(page.friends.count == 1 && page.paginationData == PaginatedResponse(total: 2, page: 2))
        var mutual = GetMutualFriendsPayload()
        mutual.user = User(address: c.rawValue)
        let common = await h.getMutualFriends(mutual, caller: caller(a))
        #expect(common.friends.map(\.address) == [b.rawValue] && common.friends.first?.name == "bob")
        #expect(common.paginationData == PaginatedResponse(total: 1, page: 1))
        mutual.user = User(address: "garbage")
        #expect(await h.getMutualFriends(mutual, caller: caller(a)) == PaginatedFriendsProfilesResponse(friends: [], paginationData: PaginatedResponse(total: 0, page: 1)))
        let (failing, harness) = try handlers(.memory)
        harness.memory?.failing = true
        #expect(await failing.getFriends(GetFriendsPayload(), caller: caller(a)).paginationData == PaginatedResponse(total: 0, page: 1))
    }

    @Test func requestListsAndTheirFailureVariant() async throws {
        let (h, harness) = try handlers()
        _ = await upsert(h, b, "request", a.rawValue, message: "from b")
        harness.clock.advance(by: 1_000)
        _ = await upsert(h, c, "request", a.rawValue)
        let pending = await h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: caller(a), sent: false)
        guard case .requests(let list) = pending.response else { Issue.record("\(pending)"); return }
        #expect(list.requests.map { $0.friend?.address } == [c.rawValue, b.rawValue])
        #expect(list.requests.map(\.message) == ["", "from b"])
        #expect(list.requests.last?.friend?.name == "bob" && list.requests.allSatisfy { $0.id.count == 36 })
        #expect(pending.paginationData == PaginatedResponse(total: 2, page: 1))
        let sent = await h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: caller(b), sent: true)
        #expect(sent.paginationData?.total == 1)
        let (failing, failingHarness) = try handlers(.memory)
        failingHarness.memory?.failing = true
        let failed = await failing.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: caller(a), sent: false)
        #expect(failed.response == .internalServerError(InternalServerError()) && failed.paginationData == nil)
        // The empty error variant is still written on the wire (spec §2.4): field 2, length 0.
        #expect(failed.serializedBytes() == [0x12, 0x00])
    }

    @Test func statusVariants() async throws {
        let (h, _) = try handlers()
        #expect(h.getFriendshipStatus(GetFriendshipStatusPayload(), caller: caller(a)).response
                == .invalidRequest(InvalidRequest(message: "User address is missing in the request payload")))
        #expect(h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: "0x12")), caller: caller(a)).response
                == .invalidRequest(InvalidRequest(message: "Invalid user address in the request payload")))
        let none = h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: b.rawValue)), caller: caller(a))
        #expect(none.response == .accepted(.init(status: .none, message: nil)))
        _ = await h.blockUser(BlockUserPayload(user: User(address: b.rawValue)), caller: caller(a))
        #expect(h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: b.rawValue)), caller: caller(a)).response
                == .accepted(.init(status: .blocked, message: nil)))
        #expect(h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: a.rawValue.uppercased().replacingOccurrences(of: "0X", with: "0x"))), caller: caller(b)).response
                == .accepted(.init(status: .blockedBy, message: nil)))
    }

    @Test func blockUnblockAndBlockLists() async throws {
        let (h, harness) = try handlers()
        let blocked = await h.blockUser(BlockUserPayload(user: User(address: b.rawValue)), caller: caller(a))
        guard case .ok(let ok) = blocked.response, let profile = ok.profile else { Issue.record("\(blocked)"); return }
        #expect(profile.address == b.rawValue && profile.name == "bob" && profile.blockedAt == harness.clock.nowMilliseconds())
        #expect(await h.blockUser(BlockUserPayload(user: User(address: a.rawValue)), caller: caller(a)).response
                == .invalidRequest(InvalidRequest(message: "Cannot block yourself")))
        #expect(await h.unblockUser(UnblockUserPayload(user: User(address: a.rawValue)), caller: caller(a)).response
                == .invalidRequest(InvalidRequest(message: "Cannot unblock yourself")))
        #expect(await h.blockUser(BlockUserPayload(user: nil), caller: caller(a)).response
                == .invalidRequest(InvalidRequest(message: "Invalid user address in the request payload")))
        _ = await h.blockUser(BlockUserPayload(user: User(address: a.rawValue)), caller: caller(c))
        let list = await h.getBlockedUsers(GetBlockedUsersPayload(), caller: caller(a))
        #expect(list.profiles.map(\.address) == [b.rawValue] && list.paginationData == PaginatedResponse(total: 1, page: 1))
        #expect(h.getBlockingStatus(caller: caller(a)) == GetBlockingStatusResponse(blockedUsers: [b.rawValue], blockedByUsers: [c.rawValue]))
        let unblocked = await h.unblockUser(UnblockUserPayload(user: User(address: b.rawValue)), caller: caller(a))
        guard case .ok(let unblockedOK) = unblocked.response else { Issue.record("\(unblocked)"); return }
        #expect(unblockedOK.profile?.address == b.rawValue && unblockedOK.profile?.blockedAt == nil)
        #expect(h.getBlockingStatus(caller: caller(a)).blockedUsers.isEmpty)
        let (failing, failingHarness) = try handlers(.memory)
        failingHarness.memory?.failing = true
        #expect(await failing.blockUser(BlockUserPayload(user: User(address: b.rawValue)), caller: caller(a)).response
                == .internalServerError(InternalServerError(message: "disk on fire")))
        #expect(await failing.getBlockedUsers(GetBlockedUsersPayload(), caller: caller(a)).paginationData == PaginatedResponse(total: 0, page: 1))
        #expect(failing.getBlockingStatus(caller: caller(a)) == GetBlockingStatusResponse())
    }

    @Test func streamsMapEventsAndCloseDuplicates() async throws {
        let (h, harness) = try handlers()
        let updates = h.subscribeToFriendshipUpdates(caller: caller(a, 7))
        let duplicate = try await drainBuffered(h.subscribeToFriendshipUpdates(caller: caller(a, 7)), expecting: 2)
        #expect(duplicate.count == 1 && duplicate.first?.update == nil)
        #expect(duplicate.first?.streamClosed?.reason == .streamClosedDuplicateSubscription)
        #expect(duplicate.first?.streamClosed?.message == "This connection already has an active friendship updates subscription")
        harness.clock.advance(by: 1_000)
        _ = await upsert(h, b, "request", a.rawValue, message: "yo")
        _ = await upsert(h, b, "cancel", a.rawValue)
        let received = try await drainBuffered(updates, expecting: 2)
        guard case .request(let request) = received.first?.update else { Issue.record("\(received)"); return }
        #expect(request.friend?.name == "bob" && request.message == "yo" && request.createdAt == harness.clock.nowMilliseconds())
        #expect(received.last?.update == .cancel(.init(user: User(address: b.rawValue))))

        let blocks = h.subscribeToBlockUpdates(caller: caller(b, 8))
        #expect(try await drainBuffered(h.subscribeToBlockUpdates(caller: caller(b, 8)), expecting: 2).first?.streamClosed?.message
                == "This connection already has an active block updates subscription")
        _ = await h.blockUser(BlockUserPayload(user: User(address: b.rawValue)), caller: caller(a))
        #expect(try await drainBuffered(blocks, expecting: 1) == [BlockUpdate(address: a.rawValue, isBlocked: true)])

        harness.presence.connectionAuthenticated(9, as: c)
        let first = h.subscribeToFriendConnectivityUpdates(caller: caller(c, 9))
        let again = try await drainBuffered(h.subscribeToFriendConnectivityUpdates(caller: caller(c, 9)), expecting: 2)
        #expect(again.count == 1 && again.first?.streamClosed?.reason == .streamClosedDuplicateSubscription && again.first?.friend == nil)
        #expect(harness.hub.connectivity.subscriptionCount == 1)
        _ = first
    }
}

extension Optional where Wrapped == UpsertFriendshipResponse.Response {
    func map<T>(_ transform: (Wrapped) -> T) -> T? { flatMap { transform($0) } }
}
