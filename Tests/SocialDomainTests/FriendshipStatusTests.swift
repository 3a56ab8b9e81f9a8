import Testing
import SocialDomain

@Suite struct FriendshipStatusTests {
    let me = Address("0x" + String(repeating: "1", count: 40))!
    let other = Address("0x" + String(repeating: "2", count: 40))!

    /// rpc-protocol §4.5, written out per (action, whether the viewer acted).
    static let expected: [FriendshipAction: (mine: FriendshipStatus, theirs: FriendshipStatus)] = [
        .request: (.requestSent, .requestReceived),
        .accept: (.accepted, .accepted),
        .reject: (.rejected, .rejected),
        .cancel: (.canceled, .canceled),
        .delete: (.deleted, .deleted),
        .block: (.blocked, .blockedBy),
    ]

    @Test(arguments: FriendshipAction.allCases)
    func deriveForEveryActionAndViewer(action: FriendshipAction) throws {
        let expected = try #require(Self.expected[action])
        #expect(FriendshipStatus.derive(last: LastAction(action, by: me), viewer: me) == expected.mine)
        #expect(FriendshipStatus.derive(last: LastAction(action, by: other), viewer: me) == expected.theirs)
    }

    @Test func noHistoryIsNone() {
        #expect(FriendshipStatus.derive(last: nil, viewer: me) == FriendshipStatus.none)
    }

    @Test func protocolNumbersAndNames() {
        let table: [(FriendshipStatus, Int32, String)] = [
            (.requestSent, 0, "REQUEST_SENT"), (.requestReceived, 1, "REQUEST_RECEIVED"), (.canceled, 2, "CANCELED"),
            (.accepted, 3, "ACCEPTED"), (.rejected, 4, "REJECTED"), (.deleted, 5, "DELETED"), (.blocked, 6, "BLOCKED"),
            (.none, 7, "NONE"), (.blockedBy, 8, "BLOCKED_BY"),
        ]
        #expect(table.count == FriendshipStatus.allCases.count)
        for (status, number, name) in table {
            #expect(status.rawValue == number)
            #expect(status.description == name)
            #expect(FriendshipStatus(rawValue: number) == status)
        }
    }

    @Test func actionStrings() {
        #expect(FriendshipAction.allCases.map(\.rawValue) == ["request", "accept", "reject", "cancel", "delete", "block"])
        #expect(FriendshipAction(rawValue: "Request") == nil)
    }
}
