import CurlHTTP
import Foundation
import MatrixClient
import Testing

@Suite("Decoding recorded Synapse bodies")
struct DecodingTests {
    @Test func jsonValueKeepsEveryShape() throws {
        let text = #"{"i":1763890000001,"d":2.5,"b":true,"n":null,"s":"x","a":[1,"y",false],"o":{"k":{}}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value["i"] == .integer(1_763_890_000_001))
        #expect(value["d"] == .double(2.5))
        #expect(value["b"] == .bool(true))
        #expect(value["n"] == .null)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["a"] == .array([.integer(1), .string("y"), .bool(false)]))
        #expect(value["o"]?["k"] == .object([:]))
        let again = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
        #expect(again == value)
    }

    @Test func stateEventsKeepGarbageAndRedactedContent() throws {
        struct Answer: Decodable { var state: [MatrixEvent] }
        let state = try JSONDecoder().decode(Answer.self, from: Data(Recorded.roomState.utf8)).state
        #expect(state.count == 5)
        let request = try #require(state.first { $0.eventID == "$req" })
        #expect(request.stateKey == "")
        #expect(request.content["type"]?.stringValue == "request")
        #expect(request.content["message"]?.stringValue == "hi there")
        #expect(request.originServerTS == 1_763_890_000_009)
        let garbage = try #require(state.first { $0.eventID == "$garbage" })
        #expect(garbage.content.arrayValue?.count == 5)
        let redacted = try #require(state.first { $0.eventID == "$redacted" })
        #expect(redacted.content == .object([:]))
        #expect(redacted.unsigned?["redacted_because"] != nil)
        #expect(state.first { $0.type == "m.room.member" }?.content["membership"]?.stringValue == "invite")
    }

    @Test func accountDataKeepsDefectiveDirectMaps() throws {
        let data = try JSONDecoder().decode(AccountData.self, from: Data(Recorded.accountData.utf8))
        let direct = try #require(data.direct?.objectValue)
        #expect(direct.count == 3)
        #expect(direct["0xAbCdEf0000000000000000000000000000000000"] == .array([.string("!v12Opaque")]))
        #expect(data.global["m.ignored_user_list"]?["ignored_users"]?.objectValue?.count == 1)
        #expect(data.rooms["!aBcDeF:decentraland.zone"]?["m.fully_read"] != nil)
    }

    @Test func syncExposesRoomsInvitesAndAccountData() throws {
        let sync = try JSONDecoder().decode(SyncResponse.self, from: Data(Recorded.sync.utf8))
        #expect(sync.nextBatch == "s72594_4483_1934")
        let room = try #require(sync.joinedRooms["!aBcDeF:decentraland.zone"])
        #expect(room.timeline.first?.content["type"]?.stringValue == "accept")
        #expect(room.timelineLimited)
        #expect(room.previousBatch == "t1-2")
        #expect(sync.invitedRooms["!new:b"]?.first?.stateKey == "@a:b")
        #expect(sync.accountData["m.direct"]?["@a:b"] != nil)
    }

    @Test func eventWithoutIdIsADecodingError() {
        let text = #"{"type":"m.room.member","sender":"@a:b","content":{}}"#
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(MatrixEvent.self, from: Data(text.utf8)) }
    }
}
