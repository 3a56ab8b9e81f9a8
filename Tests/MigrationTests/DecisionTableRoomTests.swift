import Migration
import SocialDomain
import Testing

/// Decision table rows #9–#25 and #43 (legacy-matrix §5): rooms, members, aliases, content, history.
@Suite struct DecisionTableRoomTests {
    typealias L = Legacy
    let ua = Legacy.user(Legacy.a)
    let ub = Legacy.user(Legacy.b)
    let request = Legacy.friendship("$h1", by: Legacy.user(Legacy.a), content: Legacy.action("request"), ts: 2_000)

    @Test("#9 crossed_requests_two_rooms: the newer request of two rooms wins")
    func row09() throws {
        let layout = try L.layout()
        let deriver = RoomDeriver(layout: layout)
        let roomA = try L.room("!one:decentraland.org", state: L.dmState() + [request], history: [request], layout: layout)
        let byB = L.friendship("$r2", by: ub, content: L.action("request"), ts: 3_000)
        let roomB = try L.room("!two:decentraland.org", state: L.dmState(creator: ub) + [byB], history: [byB], layout: layout)
        let candidates = [deriver.derive(roomA), deriver.derive(roomB)].compactMap(\.candidate)
        let decisions = PairReconciler(layout: layout).reconcile(candidates)
        let decision = try #require(decisions.first)
        #expect(decisions.count == 1)
        #expect(decision.winner.action == .request)
        #expect(decision.winner.actingUser == L.addr(L.b))
        #expect(decision.winner.requester == L.addr(L.b))
        #expect(decision.winner.timestamp == 3_000)
        #expect(decision.winner.eventID == "$r2")
        #expect(decision.journal.map(\.rule) == [.crossedRequestsTwoRooms])
        #expect(decision.roomIDs == ["!two:decentraland.org", "!one:decentraland.org"])
    }

    @Test("#10 duplicate_rooms: newest wins, then the alias room, then the smallest room id")
    func row10() throws {
        let layout = try L.layout()
        let deriver = RoomDeriver(layout: layout)
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 4_000)
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)
        let friends = try L.room("!zzz:decentraland.org", state: [L.create(ua), L.member(ua), L.member(ub), accept, perUser],
                                 history: [request, accept], layout: layout)
        let pending = try L.room("!aaa:decentraland.org", state: L.dmState() + [request], history: [request], layout: layout)
        let decisions = PairReconciler(layout: layout).reconcile([deriver.derive(pending), deriver.derive(friends)].compactMap(\.candidate))
        let decision = try #require(decisions.first)
        #expect(decision.winner.action == .accept && decision.winner.eventID == "$h2")
        #expect(decision.winner.requester == L.addr(L.a))
        #expect(decision.journal.map(\.rule) == [.duplicateRooms])
        #expect(decision.journal.first?.detail == "rooms !zzz:decentraland.org,!aaa:decentraland.org")

        // Tie on timestamp: the room with the exact canonical alias wins although its id is larger.
        let sameTime = L.friendship("$x", by: ub, content: L.action("request"), ts: 2_000)
        let noAlias = try L.room("!aaa:decentraland.org", state: [L.create(ub), L.member(ua), L.member(ub), sameTime],
                                 history: [sameTime], layout: layout)
        let withAlias = try L.room("!zzz:decentraland.org", state: L.dmState() + [request], history: [request], layout: layout)
        let tie = PairReconciler(layout: layout).reconcile([deriver.derive(noAlias), deriver.derive(withAlias)].compactMap(\.candidate))
        #expect(tie.first?.winner.roomID == "!zzz:decentraland.org")
        #expect(tie.first?.journal.map(\.rule) == [.crossedRequestsTwoRooms])

        // Tie on timestamp and alias: the smallest room id (byte order; v12 ids without a server too).
        let plain = [L.create(ua), L.member(ua), L.member(ub), request]
        let r1 = try L.room("!Bbb", state: plain, history: [request], layout: layout)
        let r2 = try L.room("!abc:decentraland.org", state: plain, history: [request], layout: layout)
        let byID = PairReconciler(layout: layout).reconcile([deriver.derive(r2), deriver.derive(r1)].compactMap(\.candidate))
        #expect(byID.first?.winner.roomID == "!Bbb")
        #expect(byID.first?.journal.map(\.rule) == [.duplicateRooms])
    }

    @Test("#11 member_left: a member who left or was banned still counts")
    func row11() throws {
        for membership in ["leave", "ban"] {
            let d = try L.derive(state: L.dmState(members: [L.member(ua), L.member(ub, membership)]) + [request], history: [request])
            try expectCandidate(d, .request, by: L.a, requester: L.a, timestamp: 2_000, eventID: "$h1", rules: ["member_left"])
        }
    }

    @Test("#12 member_invited_only: the invitee never joined")
    func row12() throws {
        let d = try L.derive(state: L.dmState(members: [L.member(ua), L.member(ub, "invite")]) + [request], history: [request])
        try expectCandidate(d, .request, by: L.a, requester: L.a, timestamp: 2_000, eventID: "$h1", rules: ["member_invited_only"])
    }

    @Test("#13 not_two_members: three members yield no pair")
    func row13() throws {
        let members = [L.member(ua), L.member(ub), L.member(L.user(L.c))]
        expectNothing(try L.derive(state: L.dmState(members: members) + [request], history: [request]), rules: ["not_two_members"])
    }

    @Test("#14 not_two_members: one identity, including two ids of one address")
    func row14() throws {
        expectNothing(try L.derive(state: L.dmState(members: [L.member(ua)]) + [request], history: [request]),
                      rules: ["not_two_members"])
        let twoIDs = [L.member(ua), L.member(L.user(L.mixedA), "invite")]
        expectNothing(try L.derive(state: L.dmState(members: twoIDs) + [request], history: [request]),
                      rules: ["identifier_normalized", "not_two_members"])
    }

    @Test("#15 non_address_user: an admin, bot or remote user as participant")
    func row15() throws {
        for other in ["@admin:decentraland.org", "@\(L.b):matrix.org", "@12345:decentraland.org"] {
            let d = try L.derive(state: L.dmState(members: [L.member(ua), L.member(other)]) + [request], history: [request])
            expectNothing(d, rules: ["non_address_user"])
        }
    }

    @Test("#16 identifier_normalized: a mixed-case invitee id maps to the address")
    func row16() throws {
        let mixedB = "@0x" + String(repeating: "B", count: 40) + ":decentraland.org"
        let d = try L.derive(state: L.dmState(members: [L.member(ua), L.member(mixedB, "invite")]) + [request], history: [request])
        try expectCandidate(d, .request, by: L.a, requester: L.a, timestamp: 2_000, eventID: "$h1",
                            rules: ["identifier_normalized", "member_invited_only"])
        #expect(d.pair == AddressPair(L.addr(L.a), L.addr(L.b)))
    }

    @Test("#17 channel_room: a channel yields no pair")
    func row17() throws {
        let state = [L.create(ua, type: "channel"), L.member(ua), L.member(ub), request]
        expectNothing(try L.derive(state: state, history: [request]), rules: ["channel_room"])
    }

    @Test("#18 identifier_normalized: mixed case in the alias changes nothing")
    func row18() throws {
        let state = [L.create(ua), L.alias("#\(L.mixedA)+\(L.b):decentraland.org"), L.member(ua), L.member(ub), request]
        let d = try L.derive(state: state, history: [request])
        try expectCandidate(d, .request, by: L.a, requester: L.a, timestamp: 2_000, eventID: "$h1", rules: ["identifier_normalized"])
    }

    @Test("#19 alias_mismatch: an alias naming another pair, malformed, or on another server")
    func row19() throws {
        let aliases = [
            "#\(L.a)+\(L.c):decentraland.org",
            "#%23\(L.a)%2B\(L.b)%3Adecentraland.org:decentraland.org",
            "#\(L.a)+\(L.b):decentraland.zone",
        ]
        for alias in aliases {
            let d = try L.derive(state: [L.create(ua), L.alias(alias), L.member(ua), L.member(ub), request], history: [request])
            try expectCandidate(d, .request, by: L.a, requester: L.a, timestamp: 2_000, eventID: "$h1", rules: ["alias_mismatch"])
        }
    }

    @Test("#20 invalid_friendship_content: unknown type, other casing, empty or missing content")
    func row20() throws {
        for content in [#"{}"#, #"{"type":"Accept"}"#, #"{"type":"block"}"#, #"{"type":7}"#, #"[]"#, nil] {
            let event = L.friendship("$e", by: ua, content: content, ts: 2_000)
            expectNothing(try L.derive(state: L.dmState() + [event], history: [event]), rules: ["invalid_friendship_content"])
        }
    }

    @Test("#21 per_user_only: per-user keys without a shared event")
    func row21() throws {
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)
        expectNothing(try L.derive(state: L.dmState() + [perUser], history: []), rules: ["per_user_only"])
    }

    @Test("#22 foreign_sender: the shared event was sent by someone outside the pair")
    func row22() throws {
        let foreign = L.friendship("$e", by: L.user(L.c), content: L.action("request"), ts: 2_000)
        expectNothing(try L.derive(state: L.dmState() + [foreign], history: [foreign]), rules: ["foreign_sender"])
    }

    @Test("#23 message_from_per_user_key: the request message survives only in the per-user key")
    func row23() throws {
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request", message: "hello"), ts: 2_000)
        let d = try L.derive(state: L.dmState() + [request, perUser], history: [request])
        try expectCandidate(d, .request, by: L.a, requester: L.a, message: "hello", timestamp: 2_000, eventID: "$h1",
                            rules: ["message_from_per_user_key"])
        // An older per-user key is an earlier request: its message is not taken.
        let older = L.friendship("$pa", by: ua, key: ua, content: L.action("request", message: "old"), ts: 1_999)
        try expectCandidate(try L.derive(state: L.dmState() + [request, older], history: [request]),
                            .request, by: L.a, requester: L.a, timestamp: 2_000, eventID: "$h1", rules: [])
    }

    @Test("#24 history_mismatch: history not ending with the current event is discarded")
    func row24() throws {
        let accept = L.friendship("$now", by: ub, content: L.action("accept"), ts: 3_000)
        let other = L.friendship("$old", by: ub, content: L.action("reject"), ts: 2_500)
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)
        let d = try L.derive(state: L.dmState() + [accept, perUser], history: [request, other])
        try expectCandidate(d, .accept, by: L.b, requester: L.a, timestamp: 3_000, eventID: "$now",
                            rules: ["history_mismatch", "history_unavailable"])
    }

    @Test("#25 timestamp_regression: timeline order stands")
    func row25() throws {
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 1_500)
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)
        let d = try L.derive(state: L.dmState() + [accept, perUser], history: [request, accept])
        try expectCandidate(d, .accept, by: L.b, requester: L.a, timestamp: 1_500, eventID: "$h2", rules: ["timestamp_regression"])
        #expect(d.journal.first { $0.rule == .timestampRegression }?.eventIDs == ["$h1", "$h2"])
    }

    @Test("#43 history_unavailable: purged history or failed read leaves the predecessor unknown")
    func row43() throws {
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 3_000)
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)
        // Incomplete: no m.room.create in the paging; E is the first "" event.
        let d = try L.derive(state: L.dmState() + [accept, perUser], history: [accept], complete: false)
        try expectCandidate(d, .accept, by: L.b, requester: L.a, timestamp: 3_000, eventID: "$h2", rules: ["history_unavailable"])
        // The same accept over a complete one-event history is an accept without request.
        expectNothing(try L.derive(state: L.dmState() + [accept, perUser], history: [accept], complete: true),
                      rules: ["accept_without_request"])
        // /messages failed: a reject with unknown predecessor stands as a reject.
        let reject = L.friendship("$r", by: ub, content: L.action("reject"), ts: 3_000)
        try expectCandidate(try L.derive(state: L.dmState() + [reject], history: nil),
                            .reject, by: L.b, requester: L.a, timestamp: 3_000, eventID: "$r", rules: ["history_unavailable"])
    }
}
