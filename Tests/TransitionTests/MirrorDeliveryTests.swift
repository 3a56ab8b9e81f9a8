import Foundation
import MatrixClient
@testable import Mirror
import SocialDomain
import SocialStore
import Testing

/// The mirror's writes (legacy-matrix §9.2–§9.6) against the stateful fake homeserver.
@Suite struct MirrorDeliveryTests {
    let event = "org.decentraland.friendship"

    private func shared(_ room: FakeMatrixServer.Room?) -> FakeMatrixServer.Event? { room?.stateEvent(event, "") }

    @Test("a request to a user with no room: one room with the pair's alias, per-user key then \"\", the message, m.direct both ways")
    func requestCreatesTheRoom() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(1), address(2))
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: "hi", now: 1_000)
        let outcome = try await fixture.delivery().deliver(try fixture.pendingRow())
        #expect(outcome.state == .delivered)
        let pair = AddressPair(a, b)!
        let alias = fixture.layout.alias(of: pair)
        let roomID = try #require(fixture.server.alias(alias))
        #expect(outcome.roomID == roomID)
        let room = try #require(fixture.server.room(roomID))
        #expect(room.stateEvent("m.room.create", "")?.sender == fixture.userID(a))
        #expect(room.membership(fixture.userID(b)) == "join")
        let sharedEvent = try #require(shared(room))
        #expect(sharedEvent.sender == fixture.userID(a))
        #expect(sharedEvent.content["type"]?.stringValue == "request")
        #expect(sharedEvent.content["message"]?.stringValue == "hi")
        let actionID = try #require(try fixture.pendingOrFinishedActionID(pair))
        #expect(sharedEvent.content["org.decentraland.socialbridge"]?["action_id"]?.stringValue == actionID)
        // Per-user key first, then "": the per-user event precedes the shared one in the timeline.
        let writes = room.timeline.filter { $0.type == event }
        #expect(writes.map(\.stateKey) == [fixture.userID(a), ""])
        #expect(room.timeline.contains { $0.type == "m.room.message" && $0.content["body"]?.stringValue == "hi" })
        #expect(fixture.server.accountData(fixture.userID(a), "m.direct")?[fixture.userID(b)]?.arrayValue == [.string(roomID)])
        #expect(fixture.server.accountData(fixture.userID(b), "m.direct")?[fixture.userID(a)]?.arrayValue == [.string(roomID)])
        #expect(outcome.eventIDs.count == 3)
        #expect(fixture.server.rooms(withMembers: [fixture.userID(a), fixture.userID(b)]) == [roomID])
        // Accounts were registered through the appservice, never with the admin's own joins.
        #expect(fixture.server.hasUser(fixture.userID(a)) && fixture.server.hasUser(fixture.userID(b)))
        #expect(room.membership(fixture.server.adminUser) == nil)
    }

    @Test("createRoom acted but its answer was lost: the retry finds the room by its alias, one room")
    func lostCreateAnswer() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(3), address(4))
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        fixture.server.inject { method, path in method == "POST" && path.hasSuffix("/createRoom") ? .loseAnswer : nil }
        let delivery = fixture.delivery()
        await #expect(throws: MirrorFailure.self) { try await delivery.deliver(try fixture.pendingRow()) }
        fixture.server.inject(nil)
        let row = try fixture.pendingRow()
        #expect(row.createAttempted)
        _ = try await delivery.deliver(row)
        #expect(fixture.server.rooms(withMembers: [fixture.userID(a), fixture.userID(b)]).count == 1)
        #expect(fixture.server.count("POST /_matrix/client/v3/createRoom") == 1)
    }

    @Test("a room created without its alias before the error: adopted from the actor's joined rooms, never duplicated")
    func orphanAdopted() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(5), address(6))
        let ua = fixture.userID(a), ub = fixture.userID(b)
        fixture.server.addUser(ua)
        fixture.server.addUser(ub)
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        // Synapse refusing the alias after creating the room (M_EXCLUSIVE): the room exists, no alias, an error.
        fixture.server.inject { method, path in
            guard method == "POST", path.hasSuffix("/createRoom") else { return nil }
            fixture.server.createDM(creator: ua, invite: ub, alias: nil)
            return .answer(400, #"{"errcode":"M_EXCLUSIVE","error":"This application service has not reserved this kind of alias"}"#)
        }
        let delivery = fixture.delivery()
        await #expect(throws: MirrorFailure.self) { try await delivery.deliver(try fixture.pendingRow()) }
        fixture.server.inject(nil)
        let outcome = try await delivery.deliver(try fixture.pendingRow())
        let rooms = fixture.server.rooms(withMembers: [ua, ub])
        #expect(rooms.count == 1)
        #expect(outcome.roomID == rooms.first)
        #expect(fixture.server.alias(fixture.layout.alias(of: AddressPair(a, b)!)) == rooms.first)
    }

    @Test("the alias names a room neither member is in: the admin frees it and the room is created once")
    func aliasInUseElsewhere() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b, c) = (address(7), address(8), address(9))
        let alias = fixture.layout.alias(of: AddressPair(a, b)!)
        fixture.server.addUser(fixture.userID(c))
        let squatted = fixture.server.createDM(creator: fixture.userID(c), invite: fixture.userID(address(10)), alias: alias)
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        let outcome = try await fixture.delivery().deliver(try fixture.pendingRow())
        #expect(outcome.roomID != squatted)
        #expect(fixture.server.alias(alias) == outcome.roomID)
        #expect(fixture.server.count("DELETE /_matrix/client/v3/directory/room/") == 1)
    }

    @Test("accept repairs consent: the requester's own key is restated before the acceptor writes")
    func consentRepair() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(11), address(12))
        let ua = fixture.userID(a), ub = fixture.userID(b)
        fixture.server.addUser(ua)
        fixture.server.addUser(ub)
        // A Rust-era request: "" only, no per-user key; B joined.
        let room = fixture.server.createDM(creator: ua, invite: ub, alias: fixture.layout.alias(of: AddressPair(a, b)!))
        fixture.server.setMembership(room, user: ub, "join")
        fixture.server.putState(room, type: event, key: "", sender: ua, content: .object(["type": .string("request")]))
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        try fixture.store.finishOutbox(id: try fixture.pendingRow().id, state: .delivered, roomID: room, eventIDs: [], now: 0)
        _ = try fixture.store.upsertFriendship(actor: b, target: a, action: .accept, message: nil, now: 2_000)
        _ = try await fixture.delivery().deliver(try fixture.pendingRow())
        let state = try #require(fixture.server.room(room))
        #expect(state.stateEvent(event, ua)?.content["type"]?.stringValue == "request")
        #expect(state.stateEvent(event, ua)?.sender == ua)
        #expect(state.stateEvent(event, ub)?.content["type"]?.stringValue == "accept")
        #expect(shared(state)?.content["type"]?.stringValue == "accept")
        #expect(shared(state)?.sender == ub)
        let order = state.timeline.filter { $0.type == event }.suffix(3).map(\.stateKey)
        #expect(order == [ua, ub, ""])
    }

    @Test("block mapping (§9.4): accept → delete, request by the other → reject, own request → cancel, else nothing; the ignored list",
          arguments: [("accept", true, "delete"), ("request", false, "reject"), ("request", true, "cancel"), ("delete", true, nil)] as [(String, Bool, String?)])
    func blockMapping(before: String, byBlocker: Bool, written: String?) async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(13), address(14))
        let ua = fixture.userID(a), ub = fixture.userID(b)
        fixture.server.addUser(ua)
        fixture.server.addUser(ub)
        let room = fixture.server.createDM(creator: ua, invite: ub, alias: fixture.layout.alias(of: AddressPair(a, b)!))
        fixture.server.setMembership(room, user: ub, "join")
        let shared = fixture.server.putState(room, type: event, key: "", sender: byBlocker ? ua : ub, content: .object(["type": .string(before)]))
        _ = try fixture.store.block(blocker: a, blocked: b, now: 5_000)
        let outcomes = try await fixture.deliverAll(fixture.delivery())
        let outcome = try #require(outcomes.first)
        let state = try #require(fixture.server.room(room))
        if let written {
            #expect(self.shared(state)?.content["type"]?.stringValue == written)
            #expect(self.shared(state)?.sender == ua)
        } else {
            #expect(self.shared(state)?.eventID == shared)
        }
        #expect(outcome.state == .delivered)
        #expect(fixture.server.accountData(ua, "m.ignored_user_list")?["ignored_users"]?[ub] == .object([:]))
        _ = try fixture.store.unblock(blocker: a, blocked: b, now: 6_000)
        #expect(try fixture.store.outbox(of: AddressPair(a, b)!).map(\.kind) == [.block, .unblock])
        _ = try await fixture.deliverAll(fixture.delivery())
        #expect(fixture.server.accountData(ua, "m.ignored_user_list")?["ignored_users"]?[ub] == nil)
    }

    @Test("m.direct merge appends the room and keeps every other entry and value untouched")
    func directMerge() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(15), address(16))
        let ua = fixture.userID(a), ub = fixture.userID(b)
        let existing: JSONValue = .object([ub: .array([.string("!old:decentraland.zone")]), "0xBareAddress": .array([.string("@weird:x")])])
        fixture.server.setAccountData(ua, "m.direct", existing)
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        let outcome = try await fixture.delivery().deliver(try fixture.pendingRow())
        let room = try #require(outcome.roomID)
        let direct = try #require(fixture.server.accountData(ua, "m.direct"))
        #expect(direct[ub]?.arrayValue == [.string("!old:decentraland.zone"), .string(room)])
        #expect(direct["0xBareAddress"]?.arrayValue == [.string("@weird:x")])
        // A second delivery of the same pair writes m.direct no more (no change).
        let puts = fixture.server.count("PUT /_matrix/client/v3/user/\(ua)/account_data/m.direct")
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .cancel, message: nil, now: 2_000)
        _ = try await fixture.deliverAll(fixture.delivery())
        #expect(fixture.server.count("PUT /_matrix/client/v3/user/\(ua)/account_data/m.direct") == puts)
    }

    @Test("a retry after the writes landed writes nothing twice: the \"\" state already carries the action id")
    func idempotentRetry() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(17), address(18))
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: "once", now: 1_000)
        let row = try fixture.pendingRow()
        let delivery = fixture.delivery()
        let first = try await delivery.deliver(row)
        let roomID = try #require(first.roomID)
        let eventsBefore = fixture.server.room(roomID)?.timeline.count
        let second = try await delivery.deliver(row)
        #expect(second.eventIDs.isEmpty)
        #expect(fixture.server.room(roomID)?.timeline.count == eventsBefore)
    }

    @Test("an action superseded by a newer legacy action is skipped (Matrix already says the newer thing)")
    func supersededSkipped() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(19), address(20))
        let pair = AddressPair(a, b)!
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        // Sync imports B's legacy request at t=2000 (newer than A's RPC request).
        var batch = ImportBatch(now: 2_000)
        let row = try #require(try fixture.store.friendship(between: a, and: b))
        batch.actions = [ActionRecord(id: "legacy-1", friendshipID: row.id, action: .request, actingUser: b, message: nil, timestamp: 2_000)]
        batch.legacySources = [LegacySource(kind: .action, rowID: "legacy-1", roomID: "!x:decentraland.zone", eventID: "$legacy")]
        _ = try fixture.store.apply(batch)
        let outcome = try await fixture.delivery().deliver(try fixture.pendingRow())
        #expect(outcome.state == .skipped)
        #expect(fixture.server.alias(fixture.layout.alias(of: pair)) == nil)
    }

    @Test("login-as-user puppets (no registration): accounts created by the admin API, writes made with the user's token")
    func loginPuppets() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(21), address(22))
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        let outcome = try await fixture.delivery(appService: false).deliver(try fixture.pendingRow())
        let roomID = try #require(outcome.roomID)
        let room = try #require(fixture.server.room(roomID))
        #expect(shared(room)?.sender == fixture.userID(a))
        #expect(fixture.server.count("POST /_synapse/admin/v1/users/\(fixture.userID(a))/login") == 1)
        #expect(fixture.server.count("PUT /_synapse/admin/v2/users/") == 2)
    }
}

extension TransitionFixture {
    /// The action id of the pair's first outbox row.
    func pendingOrFinishedActionID(_ pair: AddressPair) throws -> String? { try store.outbox(of: pair).first?.actionID }
}
