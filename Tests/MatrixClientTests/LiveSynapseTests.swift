import BridgeTestSupport
import CurlHTTP
import Foundation
import MatrixClient
import Testing

@Suite("MatrixClient against a live Synapse", .enabled(if: LiveSynapse.isAvailable, LiveSynapse.missingReason))
struct LiveSynapseTests {
    let friendship = "org.decentraland.friendship"

    @Test func whoAmIAndListings() async throws {
        let seeded = try await LiveSynapse.seeded()
        let (admin, counters) = LiveSynapse.adminClient()
        let me = try await admin.whoAmI()
        #expect(me.serverName == seeded.server_name)
        let users = try await admin.allUsers(pageSize: 7)
        #expect(Set(seeded.users.values).isSubset(of: Set(users.map(\.name))))
        #expect(users.contains { $0.name == me.userID && $0.isAdmin })
        let rooms = try await admin.allRooms(pageSize: 5)
        #expect(Set(seeded.rooms.values).isSubset(of: Set(rooms.map(\.roomID))))
        #expect(Set(rooms.map(\.roomID)).count == rooms.count)
        #expect(counters.snapshot.requests >= 3)
    }

    @Test func stateHistoryAndBothRoomIdShapes() async throws {
        let seeded = try await LiveSynapse.seeded()
        let (admin, _) = LiveSynapse.adminClient()
        let dm = try #require(seeded.rooms["dm"])
        let dm12 = try #require(seeded.rooms["dm12"])
        #expect(dm.contains(":"))
        let state = try await admin.adminRoomState(dm)
        let shared = try #require(state.first { $0.type == friendship && $0.stateKey == "" })
        #expect(shared.eventID == seeded.events["acc"])
        #expect(shared.content["type"]?.stringValue == "accept")
        #expect(shared.sender == seeded.users["b"])
        #expect(state.filter { $0.type == "m.room.member" }.count == 2)
        #expect(state.contains { $0.type == friendship && $0.stateKey == seeded.users["a"] })

        let history = try await admin.roomHistory(dm, types: ["m.room.create", friendship], pageSize: 1)
        #expect(history.isComplete)
        #expect(history.pages >= 3)
        #expect(history.stateEvents(ofType: friendship).map(\.eventID) == [seeded.events["req"], seeded.events["acc"]].compactMap { $0 })
        #expect(history.events.first?.type == "m.room.create")
        #expect(!history.events.contains { $0.type == "m.room.message" })

        let puppet = admin.actingAs(try await admin.loginAsUser(try #require(seeded.users["a"])))
        let memberView = try await puppet.roomHistory(dm, types: ["m.room.create", friendship], source: .clientAPI)
        #expect(memberView.events.map(\.eventID) == history.events.map(\.eventID))
        #expect(memberView.isComplete)
        try await puppet.logout()

        let state12 = try await admin.adminRoomState(dm12)
        #expect(state12.first { $0.type == friendship && $0.stateKey == "" }?.content["message"] == .null)
        let members = try await admin.adminJoinedMembers(dm12)
        #expect(Set(members) == Set(seeded.users.values))
    }

    @Test func accountDataThroughAdminAndLoginAsUser() async throws {
        let seeded = try await LiveSynapse.seeded()
        let (admin, _) = LiveSynapse.adminClient()
        let userA = try #require(seeded.users["a"])
        let data = try await admin.adminAccountData(userA)
        let direct = try #require(data.direct?.objectValue)
        #expect(direct[try #require(seeded.users["b"])] == .array([.string(try #require(seeded.rooms["dm"]))]))

        let token = try await admin.loginAsUser(userA, validUntilMilliseconds: Int64(Date.now.timeIntervalSince1970 * 1000) + 900_000)
        let puppet = admin.actingAs(token)
        #expect(try await puppet.whoAmI().userID == userA)
        #expect(try await puppet.accountData(userA, type: "m.direct") == data.direct)
        #expect(try await puppet.accountData(userA, type: "m.ignored_user_list") == nil)
        try await puppet.logout()
        let error = await #expect(throws: MatrixError.self) { _ = try await puppet.whoAmI() }
        #expect(error?.isAuthorizationFailure == true)
    }

    @Test func mirrorStyleWriteRoundTrip() async throws {
        let seeded = try await LiveSynapse.seeded()
        let (admin, _) = LiveSynapse.adminClient()
        let userA = try #require(seeded.users["a"]), userB = try #require(seeded.users["b"])
        let a = admin.actingAs(try await admin.loginAsUser(userA))
        let b = admin.actingAs(try await admin.loginAsUser(userB))
        try await admin.overrideRateLimit(userA)
        defer { Task { try? await admin.removeRateLimitOverride(userA) } }

        let server = seeded.server_name
        let localA = String(userA.dropFirst().prefix { $0 != ":" }), localB = String(userB.dropFirst().prefix { $0 != ":" })
        let aliasName = [localA, localB].sorted().joined(separator: "+") + "-mirror"
        let alias = "#\(aliasName):\(server)"
        let room = try await a.createRoom(.directMessage(aliasName: aliasName, invite: userB))
        #expect(try await a.resolveAlias(alias) == room)
        #expect(try await b.join(room) == room)

        let marker: JSONValue = .object(["action_id": .string("00000000-0000-5000-8000-000000000001")])
        let content: JSONValue = .object(["type": .string("request"), "message": .string("mirrored"), "org.decentraland.socialbridge": marker])
        let perUser = try await a.putState(room, type: friendship, stateKey: userA, content: content)
        let shared = try await a.putState(room, type: friendship, stateKey: "", content: content)
        #expect(perUser != shared)
        let first = try await a.sendEvent(room, type: "m.room.message", transactionID: "socialbridge-t1", content: .object(["msgtype": .string("m.text"), "body": .string("mirrored")]))
        let again = try await a.sendEvent(room, type: "m.room.message", transactionID: "socialbridge-t1", content: .object(["msgtype": .string("m.text"), "body": .string("mirrored")]))
        #expect(first == again)

        #expect(try await b.stateEventContent(room, type: friendship, stateKey: "") == content)
        let state = try await b.roomState(room)
        #expect(state.first { $0.type == friendship && $0.stateKey == "" }?.eventID == shared)
        let forged = await #expect(throws: MatrixError.self) {
            _ = try await b.putState(room, type: friendship, stateKey: userA, content: content)
        }
        #expect(forged?.status == 403)

        try await a.setAccountData(userA, type: "m.direct", content: .object([userB: .array([.string(room)])]))
        #expect(try await a.accountData(userA, type: "m.direct")?[userB] == .array([.string(room)]))

        try await admin.deleteAlias(alias)
        #expect(try await a.resolveAlias(alias) == nil)
        let sync = try await b.sync(filter: #"{"room":{"timeline":{"limit":5}}}"#)
        #expect(sync.joinedRooms[room] != nil)
        try await a.logout()
        try await b.logout()
    }

    @Test func unknownRoomAndBadTokenAreTypedErrors() async throws {
        let (admin, _) = LiveSynapse.adminClient()
        let missing = await #expect(throws: MatrixError.self) {
            _ = try await admin.adminRoomState("!doesNotExist:\(try await admin.whoAmI().serverName ?? "x")")
        }
        #expect(missing?.isNotFound == true)
        let stranger = admin.actingAs("syt_not_a_real_token")
        let denied = await #expect(throws: MatrixError.self) { _ = try await stranger.listUsers() }
        #expect(denied?.kind == .unauthorized)
        #expect(denied?.errcode == "M_UNKNOWN_TOKEN")
    }
}
