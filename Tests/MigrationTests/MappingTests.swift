import Foundation
import Migration
import SocialDomain
import Testing

/// The mapping files, their validation and the identity rules (§1.2, §3.7).
@Suite struct MappingTests {
    typealias L = Legacy

    @Test("decentraland.json holds the §3.7 constants")
    func decentraland() throws {
        let mapping = try L.mapping()
        #expect(mapping.eventType == "org.decentraland.friendship")
        #expect(mapping.actionKey == "type" && mapping.messageKey == "message" && mapping.sharedStateKey == "")
        #expect(mapping.actions == ["request": .request, "accept": .accept, "reject": .reject, "cancel": .cancel, "delete": .delete])
        #expect(mapping.hasPerUserStateKeys)
        #expect(mapping.serverNames.isEmpty)
        let layout = LegacyLayout(mapping: mapping, whoamiUserID: "@admin:decentraland.zone")
        #expect(layout.serverNames == ["decentraland.zone"])
        let pair = AddressPair(L.addr(L.b), L.addr(L.a))!
        #expect(layout.alias(of: pair) == "#\(L.a)+\(L.b):decentraland.zone")
        #expect(layout.userID(of: L.addr(L.a)) == "@\(L.a):decentraland.zone")
    }

    @Test("server name: --server-name beats the mapping, which beats whoami")
    func serverNames() throws {
        var mapping = try L.mapping()
        #expect(LegacyLayout(mapping: mapping, override: "x.org", whoamiUserID: "@admin:y.org").serverNames == ["x.org"])
        mapping.serverNames = ["decentraland.org", "old.decentraland.org"]
        let layout = LegacyLayout(mapping: mapping, whoamiUserID: "@admin:y.org")
        #expect(layout.serverNames == ["decentraland.org", "old.decentraland.org"])
        #expect(layout.identity(of: "@\(L.a):old.decentraland.org").address == L.addr(L.a))
        #expect(layout.identity(of: "@\(L.a):y.org") == .nonAddress("@\(L.a):y.org"))
    }

    @Test("identity extraction §1.2")
    func identities() throws {
        let layout = try L.layout()
        #expect(layout.identity(of: L.user(L.a)) == .address(L.addr(L.a), normalized: false))
        #expect(layout.identity(of: L.user(L.mixedA)) == .address(L.addr(L.a), normalized: true))
        #expect(layout.identity(of: L.mixedA) == .address(L.addr(L.a), normalized: true))
        for other in ["@admin:decentraland.org", "@42:decentraland.org", "@\(L.a)", "", "@:decentraland.org",
                      "0x" + String(repeating: "g", count: 40), "@\(L.a)x:decentraland.org", "@\(L.a):decentraland.org:8448"] {
            #expect(layout.identity(of: other) == .nonAddress(other))
        }
    }

    @Test("invalid mappings fail with the JSON path of the problem")
    func invalid() throws {
        let base = try String(contentsOf: L.mappingURL.appendingPathComponent("decentraland.json"), encoding: .utf8)
        let cases: [(String, String, String)] = [
            (#""request": "request""#, #""request": 1"#, "$.actions.request: expected a string"),
            (#""request": "request""#, #""request": "block""#, "$.actions.request: expected one of request, accept, reject, cancel, delete"),
            (#""accept": "accept","#, "", "$.actions: no value maps to accept"),
            (#""event_type": "org.decentraland.friendship","#, "", "$.event_type: missing"),
            (#""action_key": "type""#, #""action_key": """#, "$.action_key: must not be empty"),
            (#""user_id": "@{address}:{server}""#, #""user_id": "@{server}:{address}""#, "$.user_id: expected the placeholder {server}"),
            (##""direct_alias": "#{lo}+{hi}:{server}""##, ##""direct_alias": "#{lo}{hi}:{server}""##,
             "$.direct_alias: expected <prefix>{lo}<separator>{hi}<separator>{server}"),
            (#""server_names": []"#, #""server_names": ["ok", 3]"#, "$.server_names[1]: expected a server name"),
            (#""per_user_state_key": "sender_user_id""#, #""per_user_state_key": "owner""#,
             #"$.per_user_state_key: expected "sender_user_id" or null"#),
            (#""name": "decentraland","#, #""name": "decentraland", "typo": 1,"#, "$.typo: unknown key"),
        ]
        for (old, new, message) in cases {
            let text = base.replacingOccurrences(of: old, with: new)
            #expect(text != base)
            #expect(throws: (any Error).self) { try Mapping.parse(Data(text.utf8)) }
            do {
                _ = try Mapping.parse(Data(text.utf8))
            } catch {
                #expect(error.description == message)
            }
        }
        #expect(throws: MappingError(path: "$", problem: "not valid JSON")) { try Mapping.parse(Data("{".utf8)) }
        #expect(throws: MappingError(path: "$", problem: "expected an object")) { try Mapping.parse(Data("[]".utf8)) }
    }

    @Test("the alternate layout: other event type, values, single state key and alias form")
    func alternateLayout() throws {
        let layout = try L.layout("alternate-layout")
        let type = layout.mapping.eventType
        #expect(type == "com.example.social.relationship" && !layout.mapping.hasPerUserStateKeys)
        let ua = L.user(L.a), ub = L.user(L.b)
        let request = L.friendship("$r", by: ua, key: "relationship", content: #"{"kind":"friend_request","note":"hi"}"#, ts: 2_000, type: type)
        let accept = L.friendship("$x", by: ub, key: "relationship", content: #"{"kind":"friend_accept"}"#, ts: 3_000, type: type)
        // The decentraland event type in the same room is not this layout's data.
        let foreign = L.friendship("$d", by: ua, content: L.action("delete"), ts: 4_000)
        let state = [L.create(ua), L.alias("#dm_\(L.a)_\(L.b):decentraland.org"), L.member(ua), L.member(ub), accept, foreign]
        let derivation = RoomDeriver(layout: layout).derive(try L.room(state: state, history: [request, accept], layout: layout))
        try expectCandidate(derivation, .accept, by: L.b, requester: L.a, timestamp: 3_000, eventID: "$x", rules: [])
        let pending = RoomDeriver(layout: layout).derive(try L.room(state: [L.create(ua), L.member(ua), L.member(ub), request],
                                                                     history: [request], layout: layout))
        try expectCandidate(pending, .request, by: L.a, requester: L.a, message: "hi", timestamp: 2_000, eventID: "$r", rules: [])
        // Its channel marker and an unknown value.
        let space = RoomDeriver(layout: layout).derive(try L.room(state: [L.create(ua, type: "m.space"), L.member(ua), L.member(ub), request],
                                                                   history: [request], layout: layout))
        expectNothing(space, rules: ["channel_room"])
        let bad = L.friendship("$b", by: ua, key: "relationship", content: #"{"kind":"request"}"#, ts: 2_000, type: type)
        let invalid = RoomDeriver(layout: layout).derive(try L.room(state: [L.create(ua), L.member(ua), L.member(ub), bad],
                                                                     history: [bad], layout: layout))
        expectNothing(invalid, rules: ["invalid_friendship_content"])
    }
}
