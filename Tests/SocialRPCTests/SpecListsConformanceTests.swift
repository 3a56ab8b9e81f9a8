import Testing
import Protobuf
import SocialDomain
import SocialProtocol
import SocialStore
@testable import SocialRPC

/// rpc-protocol §4.6 (pagination per RPC, ordering, entries) and §2 wire details, through the handlers
/// over the on-disk SQLite store.
@Suite struct SpecListsConformanceTests {
    typealias Fixture = SpecConformanceTests.Fixture
    let a = addr(0xa), b = addr(0xb), c = addr(0xc), d = addr(0xd)

    private func pagination(_ limit: Int32?, _ offset: Int32?) -> Pagination? {
        guard limit != nil || offset != nil else { return nil }
        return Pagination(limit: limit ?? 0, offset: offset ?? 0)
    }

    /// `page` of each list RPC for a (limit, offset), which reveals the normalised limit and offset.
    private func pages(_ f: Fixture, _ limit: Int32?, _ offset: Int32?) async -> [Int32?] {
        let p = pagination(limit, offset)
        let who = f.caller(a)
        var mutual = GetMutualFriendsPayload(user: User(address: b.rawValue))
        mutual.pagination = p
        return [
            await f.h.getFriends(GetFriendsPayload(pagination: p), caller: who).paginationData?.page,
            await f.h.getMutualFriends(mutual, caller: who).paginationData?.page,
            await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(pagination: p), caller: who, sent: false).paginationData?.page,
            await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(pagination: p), caller: who, sent: true).paginationData?.page,
            await f.h.getBlockedUsers(GetBlockedUsersPayload(pagination: p), caller: who).paginationData?.page,
        ]
    }

    @Test func defaultsCapsAndPageNumbersPerRPC() async throws {
        let f = try Fixture()
        // Defaults 1000 / 1000 / 100 / 100 / 200: page = ceil(250 / limit) + 1.
        #expect(await pages(f, nil, 250) == [2, 2, 4, 4, 3])
        #expect(await pages(f, 0, 250) == [2, 2, 4, 4, 3])
        #expect(await pages(f, -3, 250) == [2, 2, 4, 4, 3])
        // Caps 1000 / 1000 / 200 / 200 / 200.
        #expect(await pages(f, 5_000, 2_500) == [4, 4, 14, 14, 14])
        // Negative offset → 0; offset capped at 100 000.
        #expect(await pages(f, 7, -40) == [1, 1, 1, 1, 1])
        #expect(await pages(f, 1_000, 900_000) == [101, 101, 501, 501, 501])
        #expect(await pages(f, 2, 3) == [3, 3, 3, 3, 3])
    }

    @Test func orderingAndTotals() async throws {
        let f = try Fixture()
        // Friends by the pair row's created_at, not by when it was accepted.
        _ = try await f.accepted(a, "request", b)
        _ = try await f.accepted(a, "request", c)
        _ = try await f.accepted(c, "accept", a)
        _ = try await f.accepted(b, "accept", a)
        let friends = await f.h.getFriends(GetFriendsPayload(), caller: f.caller(a))
        #expect(friends.friends.map(\.address) == [c.rawValue, b.rawValue])
        #expect(friends.paginationData == PaginatedResponse(total: 2, page: 1))
        let second = await f.h.getFriends(GetFriendsPayload(pagination: Pagination(limit: 1, offset: 1)), caller: f.caller(a))
        #expect(second.friends.map(\.address) == [b.rawValue] && second.paginationData == PaginatedResponse(total: 2, page: 2))
        // Mutual friends by address.
        for x in [d, c] {
            _ = try await f.accepted(b, "request", x)
            _ = try await f.accepted(x, "accept", b)
        }
        _ = try await f.accepted(a, "request", d)
        _ = try await f.accepted(d, "accept", a)
        var mutual = GetMutualFriendsPayload(user: User(address: b.rawValue))
        #expect(await f.h.getMutualFriends(mutual, caller: f.caller(a)).friends.map(\.address) == [c.rawValue, d.rawValue])
        mutual.pagination = Pagination(limit: 1, offset: 1)
        let mutualPage = await f.h.getMutualFriends(mutual, caller: f.caller(a))
        #expect(mutualPage.friends.map(\.address) == [d.rawValue] && mutualPage.paginationData == PaginatedResponse(total: 2, page: 2))
    }

    @Test func requestListsFollowTheNewestRequest() async throws {
        let f = try Fixture()
        _ = try await f.accepted(b, "request", a, message: "first")
        _ = try await f.accepted(c, "request", a)
        _ = try await f.accepted(b, "cancel", a)
        let again = try await f.accepted(b, "request", a)
        let requestedAt = f.harness.clock.nowMilliseconds()
        _ = try await f.accepted(d, "request", a)
        _ = try await f.accepted(a, "reject", d)
        let pending = await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: f.caller(a), sent: false)
        guard case .requests(let list) = pending.response else { Issue.record("\(pending)"); return }
        // b's pair row is the oldest, but its newest request is the latest; d's was rejected.
        #expect(list.requests.map { $0.friend?.address } == [b.rawValue, c.rawValue])
        #expect(list.requests.first?.createdAt == requestedAt && list.requests.first?.message == "")
        #expect(list.requests.first?.id != again.id && list.requests.first?.id.count == 36)
        #expect(pending.paginationData == PaginatedResponse(total: 2, page: 1))
        let sent = await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: f.caller(b), sent: true)
        guard case .requests(let sentList) = sent.response else { Issue.record("\(sent)"); return }
        #expect(sentList.requests.map { $0.friend?.address } == [a.rawValue] && sentList.requests.first?.id == list.requests.first?.id)
        // A block either way hides the request from both lists.
        _ = await f.block(c, a)
        let afterBlock = await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: f.caller(a), sent: false)
        #expect(afterBlock.paginationData == PaginatedResponse(total: 1, page: 1))
    }

    @Test func requestMessagesRoundTripWhateverTheirContent() async throws {
        let f = try Fixture()
        let tricky = "quote \" backslash \\ newline \n tab \t nul \u{0} line-sep \u{2028} emoji 🧑‍🤝‍🧑 é"
        let long = String(repeating: "long message ", count: 25_000)
        for (x, text) in [(b, tricky), (c, long)] {
            let ok = try await f.accepted(x, "request", a, message: text)
            #expect(ok.message == text)
        }
        let pending = await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: f.caller(a), sent: false)
        guard case .requests(let list) = pending.response else { Issue.record("\(pending)"); return }
        #expect(list.requests.map(\.message) == [long, tricky])
    }

    @Test func blockedUsersByDateThenAddress() async throws {
        let f = try Fixture()
        for x in [d, b] {
            _ = await f.h.blockUser(BlockUserPayload(user: User(address: x.rawValue)), caller: f.caller(a))
        }
        _ = await f.block(a, c)
        let list = await f.h.getBlockedUsers(GetBlockedUsersPayload(), caller: f.caller(a))
        #expect(list.profiles.map(\.address) == [c.rawValue, b.rawValue, d.rawValue])
        #expect(list.paginationData == PaginatedResponse(total: 3, page: 1))
    }

    @Test func wireShapes() async throws {
        let f = try Fixture()
        // pagination_data is written even for an empty list ({total 0, page 1} → 12 02 10 01).
        #expect(await f.h.getFriends(GetFriendsPayload(), caller: f.caller(a)).serializedBytes() == [0x12, 0x02, 0x10, 0x01])
        #expect(await f.h.getBlockedUsers(GetBlockedUsersPayload(), caller: f.caller(a)).serializedBytes() == [0x12, 0x02, 0x10, 0x01])
        var mutual = GetMutualFriendsPayload()
        mutual.user = nil
        #expect(await f.h.getMutualFriends(mutual, caller: f.caller(a)).serializedBytes() == [0x12, 0x02, 0x10, 0x01])
        // An empty requests list still selects the `requests` case (0a 00).
        let none = await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: f.caller(a), sent: false)
        #expect(none.serializedBytes() == [0x0A, 0x00, 0x1A, 0x02, 0x10, 0x01])
        // `message` "" is written (field 3 of the entry, field 4 of Accepted).
        let accepted = try await f.accepted(b, "request", a)
        let requests = await f.h.getFriendshipRequests(GetFriendshipRequestsPayload(), caller: f.caller(a), sent: false)
        guard case .requests(let list) = requests.response, let entry = list.requests.first else { Issue.record("\(requests)"); return }
        #expect(entry.message == "" && entry.serializedBytes().containsSubsequence([0x1A, 0x00]))
        #expect(accepted.message == "" && accepted.serializedBytes().containsSubsequence([0x22, 0x00]))
        // Status REQUEST_RECEIVED = 1; NONE = 7; BLOCKED_BY = 8 on the wire.
        #expect(f.h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: b.rawValue)), caller: f.caller(a)).serializedBytes()
                == [0x0A, 0x02, 0x08, 0x01])
        #expect(f.h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: c.rawValue)), caller: f.caller(a)).serializedBytes()
                == [0x0A, 0x02, 0x08, 0x07])
        _ = await f.block(c, a)
        #expect(f.h.getFriendshipStatus(GetFriendshipStatusPayload(user: User(address: c.rawValue)), caller: f.caller(a)).serializedBytes()
                == [0x0A, 0x02, 0x08, 0x08])
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
