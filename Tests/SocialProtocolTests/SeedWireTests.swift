import Protobuf
import Testing
@testable import SocialProtocol

/// Byte-exact encodings, as protobufjs/ts-proto write them: ascending field order, proto3 defaults omitted,
/// set message fields and selected oneof cases always written.
@Suite struct SeedWireTests {
    @Test func emptyOneofCaseIsWritten() {
        let response = PaginatedFriendshipRequestsResponse(response: .internalServerError(InternalServerError()))
        #expect(response.serializedBytes() == hex("12 00"))
        let upsert = UpsertFriendshipResponse(response: .internalServerError(InternalServerError()))
        #expect(upsert.serializedBytes() == hex("1a 00"))
        let block = BlockUserResponse(response: .profileNotFound(ProfileNotFound(message: "x")))
        #expect(block.serializedBytes() == hex("22 03 0a 01 78"))
        #expect(UpsertFriendshipResponse().serializedBytes().isEmpty)
    }

    @Test func paginatedFriendsProfilesResponse() {
        let response = PaginatedFriendsProfilesResponse(
            friends: [FriendProfile(address: "0xab", name: "Al", hasClaimedName: true, profilePictureUrl: "u")],
            paginationData: PaginatedResponse(total: 1, page: 1))
        // friends: 0a 0f [0a 04 "0xab" 12 02 "Al" 18 01 22 01 "u"], pagination_data: 12 04 [08 01 10 01]
        #expect(response.serializedBytes() == hex("0a 0f 0a 04 30 78 61 62 12 02 41 6c 18 01 22 01 75 12 04 08 01 10 01"))
        // An empty page still carries pagination_data (total 0, page 0 → an empty message).
        let empty = PaginatedFriendsProfilesResponse(friends: [], paginationData: PaginatedResponse(total: 0, page: 0))
        #expect(empty.serializedBytes() == hex("12 00"))
    }

    @Test func friendshipUpdateRequest() {
        let update = FriendshipUpdate(update: .request(.init(
            friend: FriendProfile(address: "0x1"), createdAt: 1_700_000_000_000, message: "", id: "i")))
        // 0a LEN [0a 05 [0a 03 "0x1"] 10 <varint 1700000000000> 1a 00 22 01 "i"]
        let created: [UInt8] = hex("10 80 d0 95 ff bc 31")
        let inner = hex("0a 05 0a 03 30 78 31") + created + hex("1a 00 22 01 69")
        #expect(update.serializedBytes() == [0x0a, UInt8(inner.count)] + inner)
    }

    @Test func friendshipUpdateStreamClosed() {
        let closed = FriendshipUpdate(update: nil, streamClosed: SubscriptionStreamClosed(
            reason: .streamClosedDuplicateSubscription, message: "dup"))
        #expect(closed.serializedBytes() == hex("3a 07 08 01 12 03 64 75 70"))
        let unknownReason = FriendshipUpdate(update: nil, streamClosed: SubscriptionStreamClosed(reason: .streamClosedUnknown))
        #expect(unknownReason.serializedBytes() == hex("3a 00"))
    }

    @Test func friendConnectivityAndBlockUpdates() {
        let online = FriendConnectivityUpdate(friend: FriendProfile(address: "0x1"), status: .online)
        #expect(online.serializedBytes() == hex("0a 05 0a 03 30 78 31"))
        let away = FriendConnectivityUpdate(friend: FriendProfile(address: "0x1"), status: .away)
        #expect(away.serializedBytes() == hex("0a 05 0a 03 30 78 31 10 02"))
        #expect(BlockUpdate(address: "0x2", isBlocked: true).serializedBytes() == hex("0a 03 30 78 32 10 01"))
        #expect(BlockUpdate(address: "0x2", isBlocked: false).serializedBytes() == hex("0a 03 30 78 32"))
    }

    @Test func optionalFieldsWrittenWhenSetEvenIfDefault() {
        let profile = BlockedUserProfile(address: "", blockedAt: 0, nameColor: Color3(r: 0, g: 0, b: 0))
        #expect(profile.serializedBytes() == hex("28 00 32 00"))
        let status = GetFriendshipStatusResponse(response: .accepted(.init(status: .requestSent, message: "")))
        #expect(status.serializedBytes() == hex("0a 02 12 00"))
        let request = FriendshipRequestResponse(friend: nil, createdAt: 0, message: nil, id: "")
        #expect(request.serializedBytes().isEmpty)
    }

    @Test func colorFloatsAreFixed32() {
        let color = Color3(r: 1, g: 0.5, b: 0)
        #expect(color.serializedBytes() == hex("0d 00 00 80 3f 15 00 00 00 3f"))
    }

    @Test func negativeNumbersUseTenByteVarints() {
        let pagination = Pagination(limit: -1, offset: 0)
        #expect(pagination.serializedBytes() == hex("08 ff ff ff ff ff ff ff ff ff 01"))
        let accepted = UpsertFriendshipResponse.Accepted(id: "", createdAt: -2, friend: nil)
        #expect(accepted.serializedBytes() == hex("10 fe ff ff ff ff ff ff ff ff 01"))
    }

    @Test func blockingStatusRepeatedStrings() {
        let status = GetBlockingStatusResponse(blockedUsers: ["a", "b"], blockedByUsers: ["c"])
        #expect(status.serializedBytes() == hex("0a 01 61 0a 01 62 12 01 63"))
        #expect(GetBlockingStatusResponse(blockedUsers: [], blockedByUsers: []).serializedBytes().isEmpty)
    }

    @Test func upsertPayloadsDecode() throws {
        // request { user { "0xb" } message "hi" }
        let request = try UpsertFriendshipPayload(serializedBytes: hex("0a 0b 0a 05 0a 03 30 78 62 1a 02 68 69"))
        #expect(request.action == .request(.init(user: User(address: "0xb"), message: "hi")))
        let cancel = try UpsertFriendshipPayload(serializedBytes: hex("32 07 0a 05 0a 03 30 78 62"))
        #expect(cancel.action == .cancel(.init(user: User(address: "0xb"))))
        let none = try UpsertFriendshipPayload(serializedBytes: [])
        #expect(none.action == nil)
    }

    @Test func oldGetFriendsPayloadStatusIsSkipped() throws {
        // pagination { limit 10 } plus the removed field 2 (status = OFFLINE)
        let payload = try GetFriendsPayload(serializedBytes: hex("0a 02 08 0a 10 01"))
        #expect(payload.pagination == Pagination(limit: 10, offset: 0))
    }

    @Test func unknownEnumValuesSurvive() throws {
        let ok = try GetFriendshipStatusResponse.Ok(serializedBytes: hex("08 2a"))
        #expect(ok.status == .unrecognized(42))
        #expect(ok.serializedBytes() == hex("08 2a"))
        #expect(FriendshipStatus(rawValue: 8) == .blockedBy)
    }

    @Test func malformedPayloadsThrowTypedErrors() {
        #expect(throws: ProtobufError.lengthOutOfBounds(5)) { try GetMutualFriendsPayload(serializedBytes: hex("0a 05 0a 03 30")) }
        #expect(throws: ProtobufError.lengthOutOfBounds(3)) { try GetMutualFriendsPayload(serializedBytes: hex("0a 03 0a 03 30")) }
        #expect(throws: ProtobufError.truncated) { try BlockUpdate(serializedBytes: hex("10")) }
        #expect(throws: ProtobufError.wrongWireType(field: 1, got: .varint)) { try User(serializedBytes: hex("08 01")) }
        #expect(throws: ProtobufError.invalidUTF8(field: 1)) { try User(serializedBytes: hex("0a 01 ff")) }
    }
}

