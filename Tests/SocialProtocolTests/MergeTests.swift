import Protobuf
import Testing
@testable import SocialProtocol

/// Protobuf merge semantics: concatenated encodings decode as the merge of both messages.
@Suite struct MergeTests {
    @Test func singularMessageFieldsMerge() throws {
        // friend {address "0x1", name_color {r 1}} then friend {name "N", name_color {g 0.5}}
        let first = FriendshipRequestResponse(
            friend: FriendProfile(address: "0x1", nameColor: Color3(r: 1, g: 0, b: 0)), createdAt: 1, message: nil, id: "a")
        let second = FriendshipRequestResponse(
            friend: FriendProfile(address: "", name: "N", nameColor: Color3(r: 0, g: 0.5, b: 0)), createdAt: 0, message: "m", id: "")
        let merged = try FriendshipRequestResponse(serializedBytes: first.serializedBytes() + second.serializedBytes())
        #expect(merged == FriendshipRequestResponse(
            friend: FriendProfile(address: "0x1", name: "N", nameColor: Color3(r: 1, g: 0.5, b: 0)), createdAt: 1, message: "m", id: "a"))
    }

    @Test func repeatedFieldsAppendAcrossConcatenation() throws {
        let a = GetBlockingStatusResponse(blockedUsers: ["0x1"], blockedByUsers: [])
        let b = GetBlockingStatusResponse(blockedUsers: ["0x2"], blockedByUsers: ["0x3"])
        let merged = try GetBlockingStatusResponse(serializedBytes: a.serializedBytes() + b.serializedBytes())
        #expect(merged == GetBlockingStatusResponse(blockedUsers: ["0x1", "0x2"], blockedByUsers: ["0x3"]))
    }

    @Test func laterOneofCaseWins() throws {
        let a = UpsertFriendshipPayload(action: .accept(.init(user: User(address: "0x1"))))
        let b = UpsertFriendshipPayload(action: .delete(.init(user: User(address: "0x2"))))
        let merged = try UpsertFriendshipPayload(serializedBytes: a.serializedBytes() + b.serializedBytes())
        #expect(merged.action == .delete(.init(user: User(address: "0x2"))))
    }
}
