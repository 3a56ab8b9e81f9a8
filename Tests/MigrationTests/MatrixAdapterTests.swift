import Foundation
import MatrixClient
import Migration
import SocialDomain
import Testing

/// `MatrixLegacyHomeserver` over Synapse-shaped answers: paths, paging, decoding and error mapping.
@Suite struct MatrixAdapterTests {
    typealias L = Legacy
    let ua = Legacy.user(Legacy.a), ub = Legacy.user(Legacy.b)

    func homeserver(_ transport: SynapseTransport) -> MatrixLegacyHomeserver {
        let client = MatrixClient(homeserver: "http://synapse.test", accessToken: "secret", transport: transport)
        return MatrixLegacyHomeserver(client: client, pageSize: 2) { (transport.requested.count, 0) }
    }

    func seeded() -> SynapseTransport {
        let t = SynapseTransport()
        t.route("/_matrix/client/v3/account/whoami", #"{"user_id":"@admin:decentraland.org"}"#)
        t.route("/_synapse/admin/v2/users?from=0",
                #"{"users":[{"name":"\#(ua)","admin":false,"deactivated":false},{"name":"@admin:decentraland.org","admin":true}],"next_token":"2","total":3}"#)
        t.route("/_synapse/admin/v2/users?from=2", #"{"users":[{"name":"\#(ub)","deactivated":true}],"total":3}"#)
        t.route("/_synapse/admin/v1/rooms", #"{"rooms":[{"room_id":"!r1:decentraland.org","joined_members":2}],"offset":0,"total_rooms":1}"#)
        let request = L.friendship("$h1", by: ua, content: L.action("request", message: "hi"), ts: 2_000)
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 3_000)
        let state = L.dmState() + [accept, L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)]
        t.route("/_synapse/admin/v1/rooms/%21r1%3Adecentraland.org/state", #"{"state":[\#(state.joined(separator: ","))]}"#)
        // Two pages backwards: newest first; the second holds m.room.create.
        t.route("/_synapse/admin/v1/rooms/%21r1%3Adecentraland.org/messages", #"{"chunk":[\#(accept)],"start":"t9","end":"t5"}"#)
        t.route("/_synapse/admin/v1/rooms/%21r1%3Adecentraland.org/messages?from=t5",
                #"{"chunk":[\#(request),\#(L.create(ua))],"start":"t5","end":"t1"}"#)
        t.route("/_synapse/admin/v1/users/\(ua.replacingOccurrences(of: "@", with: "%40").replacingOccurrences(of: ":", with: "%3A"))/accountdata",
                #"{"account_data":{"global":{"m.direct":{"\#(ub)":["!r1:decentraland.org"]}},"rooms":{}}}"#)
        return t
    }

    @Test("reads users, rooms, state, paged history and account data through the admin API")
    func reads() async throws {
        let transport = seeded()
        let hs = homeserver(transport)
        #expect(try await hs.whoami() == "@admin:decentraland.org")
        let first = try await hs.users(from: nil)
        #expect(first.items.map(\.userID) == [ua, "@admin:decentraland.org"] && first.next == "2")
        let second = try await hs.users(from: "2")
        #expect(second.items == [LegacyUser(userID: ub, deactivated: true)] && second.next == nil)
        #expect(try await hs.rooms(from: nil).items == ["!r1:decentraland.org"])
        let state = try await hs.roomState(roomID: "!r1:decentraland.org")
        #expect(state.count == 6)
        let history = try await hs.roomHistory(roomID: "!r1:decentraland.org", types: ["m.room.create", "org.decentraland.friendship"])
        #expect(history.complete)
        #expect(history.events.map(\.eventID) == ["$create", "$h1", "$h2"])
        #expect(history.events[1].content?["message"]?.stringValue == "hi")
        let data = try await hs.globalAccountData(userID: ua)
        #expect(DirectAnalysis.roomIDs(in: data["m.direct"]) == ["!r1:decentraland.org"])
    }

    @Test("404 is notFound, 401 stops the run with the endpoint named")
    func errors() async throws {
        let transport = seeded()
        let hs = homeserver(transport)
        await #expect(throws: HomeserverReadError.notFound) { _ = try await hs.roomState(roomID: "!gone") }
        transport.route("/_matrix/client/v3/account/whoami", status: 401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token"}"#)
        let options = MigrationOptions(mapping: try L.mapping())
        do {
            _ = try await MigrationEngine(homeserver: hs, store: InMemoryStore(), options: options).run()
            Issue.record("the run should have stopped")
        } catch let MigrationError.homeserver(.unauthorized(detail)) {
            #expect(detail.contains("whoami"))
            #expect(!detail.contains("secret"))
        }
    }

    @Test("a whole run through the adapter derives the room")
    func run() async throws {
        let transport = seeded()
        let store = InMemoryStore()
        var options = MigrationOptions(mapping: try L.mapping())
        options.now = { 50_000 }
        let report = try await MigrationEngine(homeserver: homeserver(transport), store: store, options: options).run()
        #expect(report.pairsWritten == 1 && report.usersSkippedNonAddress == 1 && report.roomsHistoryRead == 1)
        let pair = try #require(try await store.pair(AddressPair(L.addr(L.a), L.addr(L.b))!))
        #expect(pair.newestAction?.action == .accept && pair.isActive && pair.createdAt == 1_000)
        #expect(report.conflictsByRule.isEmpty)
        #expect(report.httpRequests == transport.requested.count)
    }
}
