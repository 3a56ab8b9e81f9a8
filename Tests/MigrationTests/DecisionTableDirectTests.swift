import Foundation
import Migration
import SocialDomain
import Testing

/// Decision table rows #26–#30 and #38 (legacy-matrix §5, §6.4): account data never decides a status.
@Suite struct DecisionTableDirectTests {
    typealias L = Legacy
    let ua = Legacy.user(Legacy.a)
    let ub = Legacy.user(Legacy.b)
    let pair = AddressPair(Legacy.addr(Legacy.a), Legacy.addr(Legacy.b))!
    let acPair = AddressPair(Legacy.addr(Legacy.a), Legacy.addr(Legacy.c))!

    func analyze(_ json: String) throws -> [String] {
        let direct = try LegacyJSON(parsing: Data(json.utf8))
        let facts = DirectAnalysis.RoomFacts(
            roomPairs: ["!room:decentraland.org": pair, "!other:decentraland.org": acPair],
            unknownRooms: ["!gone:decentraland.org"], winningRooms: [pair: "!room:decentraland.org"])
        let journal = DirectAnalysis(layout: try L.layout()).analyze(userID: ua, direct: direct, facts: facts, winnersOfUser: [pair])
        return journal.map(\.rule.rawValue).sorted()
    }

    @Test("#26 mdirect_wrong_room: an entry lists a room of another pair")
    func row26() throws {
        #expect(try analyze(#"{"\#(ub)":["!other:decentraland.org","!room:decentraland.org"]}"#) == ["mdirect_wrong_room"])
    }

    @Test("#27 mdirect_bare_address: a bare-address key still lists the room")
    func row27() throws {
        let mixedB = "0x" + String(repeating: "B", count: 40)
        #expect(try analyze(#"{"\#(mixedB)":["!room:decentraland.org"]}"#) == ["identifier_normalized", "mdirect_bare_address"])
    }

    @Test("#28 mdirect_user_id_value: a user id where a room id belongs")
    func row28() throws {
        #expect(try analyze(#"{"\#(ub)":["\#(ub)"]}"#) == ["mdirect_missing", "mdirect_user_id_value"])
    }

    @Test("#29 mdirect_missing: neither key form lists the winning room")
    func row29() throws {
        #expect(try analyze("{}") == ["mdirect_missing"])
        #expect(try analyze(#"{"\#(ub)":["!room:decentraland.org"]}"#) == [])
    }

    @Test("#30 mdirect_unknown_room: a listed room the server does not know")
    func row30() throws {
        #expect(try analyze(#"{"\#(ub)":["!gone:decentraland.org","!room:decentraland.org"]}"#) == ["mdirect_unknown_room"])
        // Discovery takes every room-id-shaped value, including version 12 ids without a server.
        let direct = try LegacyJSON(parsing: Data(#"{"\#(ub)":["!x:decentraland.org","!v12opaque","\#(ub)"],"k":["!x:decentraland.org"]}"#.utf8))
        #expect(DirectAnalysis.roomIDs(in: direct) == ["!x:decentraland.org", "!v12opaque"])
    }

    @Test("#38 ignored_list_not_block: m.ignored_user_list entries are journaled, never blocks")
    func row38() throws {
        let list = try LegacyJSON(parsing: Data(#"{"ignored_users":{"\#(ub)":{}}}"#.utf8))
        let journal = DirectAnalysis(layout: try L.layout()).ignoredUsers(userID: ua, ignoredList: list)
        #expect(journal.map(\.rule) == [.ignoredListNotBlock])
        #expect(journal.first?.detail == "\(ua) ignores \(ub)")
    }
}
