import MatrixClient
import Testing

private func event(_ id: String, _ type: String = "org.decentraland.friendship") -> String {
    #"{"type":"\#(type)","sender":"@a:s","state_key":"","content":{"type":"request"},"origin_server_ts":1,"event_id":"\#(id)"}"#
}

@Suite("Room history paging (spec §8.5)")
struct HistoryPagingTests {

    @Test func pagesFromEndUntilCreateAndReversesToTimelineOrder() async throws {
        let server = FakeHomeserver { _, path, query in
            guard path == "/_synapse/admin/v1/rooms/%21r%3As/messages" else { return nil }
            #expect(query["dir"] == "b")
            #expect(query["limit"] == "2")
            #expect(query["filter"] == #"{"types":["m.room.create","org.decentraland.friendship"]}"#)
            switch query["from"] {
            case nil: return json(#"{"chunk":[\#(event("$4")),\#(event("$3"))],"start":"t9","end":"t7"}"#)
            case "t7": return json(#"{"chunk":[\#(event("$2")),\#(event("$1", "m.room.create"))],"start":"t7","end":"t5"}"#)
            default: Issue.record("paged past m.room.create"); return json(#"{"chunk":[]}"#)
            }
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        let history = try await client.roomHistory("!r:s", types: ["m.room.create", "org.decentraland.friendship"], pageSize: 2)
        #expect(history.events.map(\.eventID) == ["$1", "$2", "$3", "$4"])
        #expect(history.isComplete)
        #expect(history.pages == 2)
        #expect(history.stateEvents(ofType: "org.decentraland.friendship").map(\.eventID) == ["$2", "$3", "$4"])
    }

    @Test func stopsWhenEndIsAbsentOrRepeatsLeavingHistoryIncomplete() async throws {
        let server = FakeHomeserver { _, _, query in
            switch query["from"] {
            case nil: return json(#"{"chunk":[\#(event("$3"))],"start":"t9","end":"t8"}"#)
            case "t8": return json(#"{"chunk":[\#(event("$2"))],"start":"t8","end":"t8"}"#)
            default: Issue.record("paged after a repeated end token"); return json(#"{"chunk":[]}"#)
            }
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        let history = try await client.roomHistory("!v12room", types: ["m.room.create", "org.decentraland.friendship"])
        #expect(history.events.map(\.eventID) == ["$2", "$3"])
        #expect(!history.isComplete)
        #expect(history.pages == 2)

        let single = FakeHomeserver { _, _, _ in json(#"{"chunk":[\#(event("$9"))],"start":"t1"}"#) }
        let once = try await MatrixClient(homeserver: "http://hs", accessToken: "t", transport: single)
            .roomHistory("!r", types: ["org.decentraland.friendship"])
        #expect(once.pages == 1)
        #expect(!once.isComplete)
    }

    @Test func limitIsClampedToSynapseMaximum() async throws {
        let server = FakeHomeserver { _, _, query in
            #expect(query["limit"] == "1000")
            return json(#"{"chunk":[]}"#)
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        _ = try await client.adminRoomMessages("!r:s", limit: 50_000)
        #expect(server.requests.count == 1)
    }
}

@Suite("Room history through the client-server API")
struct ClientHistoryTests {
    @Test func clientSourceUsesTheMemberEndpoint() async throws {
        let server = FakeHomeserver { _, path, query in
            guard path == "/_matrix/client/v3/rooms/%21r/messages" else { return nil }
            #expect(query["dir"] == "b")
            return json(#"{"chunk":[\#(event("$2")),\#(event("$1", "m.room.create"))],"start":"a","end":"b"}"#)
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "puppet", transport: server)
        let history = try await client.roomHistory("!r", types: ["m.room.create", "org.decentraland.friendship"], source: .clientAPI)
        #expect(history.isComplete)
        #expect(history.events.map(\.eventID) == ["$1", "$2"])
    }
}
