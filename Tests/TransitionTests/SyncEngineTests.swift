import Foundation
import MatrixClient
import Migration
import SocialDomain
import SocialStore
@testable import Sync
import Testing

/// Sync (legacy-matrix §8, §4.6, §9.6): pushed transactions and poll passes re-derive rooms with migrate's
/// derivation and planner; redelivery is a no-op; echoes of the mirror are not applied.
@Suite struct SyncEngineTests {
    let type = "org.decentraland.friendship"

    /// A legacy DM between two fresh users with a request by the first, both joined.
    private func legacyRequest(_ fixture: TransitionFixture, _ a: Address, _ b: Address, message: String? = nil) -> (room: String, event: String) {
        let ua = fixture.userID(a), ub = fixture.userID(b)
        fixture.server.addUser(ua)
        fixture.server.addUser(ub)
        let room = fixture.server.createDM(creator: ua, invite: ub, alias: fixture.layout.alias(of: AddressPair(a, b)!))
        fixture.server.setMembership(room, user: ub, "join")
        var content: [String: JSONValue] = ["type": .string("request")]
        if let message { content["message"] = .string(message) }
        let event = fixture.server.putState(room, type: type, key: "", sender: ua, content: .object(content))
        fixture.server.putState(room, type: type, key: ua, sender: ua, content: .object(content))
        return (room, event)
    }

    /// The transaction Synapse would push for `eventIDs` of `room`.
    private func transaction(_ fixture: TransitionFixture, id: String, room: String, events eventIDs: [String]) throws -> AppServiceTransaction {
        let timeline = try #require(fixture.server.room(room)?.timeline)
        let events: [JSONValue] = eventIDs.compactMap { id in
            guard case .object(var object) = timeline.first(where: { $0.eventID == id })?.json else { return nil }
            object["room_id"] = .string(room)
            return .object(object)
        }
        let body = FakeMatrixServer.text(.object(["events": .array(events)]))
        let parsed = try LegacyJSON(parsing: Data(body.utf8))
        return AppServiceTransaction(id: id, events: parsed["events"]?.arrayValue ?? [], bodyDigest: "digest-\(body.hashValue)")
    }

    @Test("a pushed legacy request is derived from the room and announced; the same transaction again changes nothing")
    func pushAndRedelivery() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b) = (address(41), address(42))
        let (room, event) = legacyRequest(fixture, a, b, message: "from matrix")
        let observer = RecordingSyncObserver()
        let engine = fixture.syncEngine(observer: observer)
        let txn = try transaction(fixture, id: "1", room: room, events: [event])
        let redelivered = try await engine.process(txn)
        #expect(!redelivered)
        let applied = try #require(observer.applied.first)
        #expect(applied.action == .request && applied.actor == a && applied.target == b && applied.message == "from matrix")
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!)?.action.action == .request)
        #expect(observer.outcomes == [.applied])
        let snapshot = try fixture.store.snapshot().json()
        let reads = fixture.server.count("GET /_synapse/admin/v1/rooms/\(room)/state")
        #expect(try await engine.process(txn))
        #expect(observer.redeliveries == 1)
        #expect(fixture.server.count("GET /_synapse/admin/v1/rooms/\(room)/state") == reads)
        #expect(try fixture.store.snapshot().json() == snapshot)
        #expect(try fixture.store.legacyRoom(room)?.pair == AddressPair(a, b))
    }

    @Test("Synapse restarts its txn ids: the same id with another body is new work; a new id carrying a seen event is ignored")
    func transactionIdentity() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b) = (address(43), address(44))
        let (room, event) = legacyRequest(fixture, a, b)
        let observer = RecordingSyncObserver()
        let engine = fixture.syncEngine(observer: observer)
        try await engine.process(try transaction(fixture, id: "1", room: room, events: [event]))
        // The same event in a new transaction: ignored, no room read.
        let reads = fixture.server.count("GET /_synapse/admin/v1/rooms/\(room)/state")
        #expect(try await !engine.process(try transaction(fixture, id: "2", room: room, events: [event])))
        #expect(observer.outcomes.last == .ignored)
        #expect(fixture.server.count("GET /_synapse/admin/v1/rooms/\(room)/state") == reads)
        // Txn id 1 again, but another body (Synapse's counter restarted): processed.
        let ub = fixture.userID(b)
        let accept = fixture.server.putState(room, type: type, key: "", sender: ub, content: .object(["type": .string("accept")]))
        #expect(try await !engine.process(try transaction(fixture, id: "1", room: room, events: [accept])))
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!)?.action.action == .accept)
        #expect(observer.applied.map(\.action) == [.request, .accept])
    }

    @Test("an echo of the mirror (marker naming a new-side action) is counted as echo and not applied")
    func echoNotApplied() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b) = (address(45), address(46))
        let (room, _) = legacyRequest(fixture, a, b)
        let observer = RecordingSyncObserver()
        let engine = fixture.syncEngine(observer: observer)
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 10)
        guard case .applied(let applied) = try fixture.store.upsertFriendship(actor: b, target: a, action: .accept, message: nil, now: 20) else {
            Issue.record("accept refused")
            return
        }
        let echo = fixture.server.putState(room, type: type, key: "", sender: fixture.userID(b), content: .object([
            "type": .string("accept"), "org.decentraland.socialbridge": .object(["action_id": .string(applied.actionID)]),
        ]))
        try await engine.process(try transaction(fixture, id: "7", room: room, events: [echo]))
        #expect(observer.outcomes == [.echo])
        #expect(observer.applied.isEmpty)
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!)?.action.id == applied.actionID)
    }

    @Test("a new-side action newer than the legacy event wins and is journaled new_side_newer")
    func newSideNewer() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b) = (address(47), address(48))
        let (room, event) = legacyRequest(fixture, a, b)
        // The RPC action is stamped far after the fake's clock (1.7e12 + a few ms).
        _ = try fixture.store.upsertFriendship(actor: b, target: a, action: .request, message: nil, now: 1_800_000_000_000)
        let observer = RecordingSyncObserver()
        try await fixture.syncEngine(observer: observer).process(try transaction(fixture, id: "1", room: room, events: [event]))
        #expect(observer.applied.isEmpty)
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!)?.action.actingUser == b)
        #expect(try fixture.store.conflicts().contains { $0.rule == "new_side_newer" && $0.pair == AddressPair(a, b) })
    }

    @Test("a room that cannot be read fails the transaction (nothing committed, not recorded) so the retry applies it")
    func unreadableRoomFailsTheTransaction() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b) = (address(49), address(50))
        let (room, event) = legacyRequest(fixture, a, b)
        let engine = fixture.syncEngine()
        let txn = try transaction(fixture, id: "1", room: room, events: [event])
        fixture.server.inject { _, path in path.hasSuffix("/state") ? .answer(500, #"{"errcode":"M_UNKNOWN"}"#) : nil }
        await #expect(throws: (any Error).self) { try await engine.process(txn) }
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!) == nil)
        #expect(try !fixture.store.hasAppServiceTransaction(id: txn.id, bodyDigest: txn.bodyDigest))
        fixture.server.inject(nil)
        #expect(try await !engine.process(txn))
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!)?.action.action == .request)
    }

    @Test("malformed events are rejected and irrelevant ones ignored, without failing the transaction")
    func malformedEvents() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let observer = RecordingSyncObserver()
        let engine = fixture.syncEngine(observer: observer)
        let events: [LegacyJSON] = [
            .object(["type": .string("m.room.message")]),
            .string("not an event"),
            .object(["event_id": .string("$m"), "type": .string("m.room.message"), "room_id": .string("!x:decentraland.zone")]),
        ]
        try await engine.process(AppServiceTransaction(id: "9", events: events, bodyDigest: "d"))
        #expect(observer.outcomes == [.rejected, .rejected, .ignored])
    }

    @Test("a tombstone moves the pair to the replacement room: both are derived, room_upgraded journaled, the index links them")
    func roomUpgrade() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b) = (address(51), address(52))
        let (room, event) = legacyRequest(fixture, a, b)
        let engine = fixture.syncEngine()
        try await engine.process(try transaction(fixture, id: "1", room: room, events: [event]))
        let ua = fixture.userID(a), ub = fixture.userID(b)
        let replacement = fixture.server.createDM(creator: ua, invite: ub, alias: nil)
        let tombstone = fixture.server.putState(room, type: "m.room.tombstone", key: "", sender: ua,
                                                content: .object(["replacement_room": .string(replacement), "body": .string("upgraded")]))
        try await engine.process(try transaction(fixture, id: "2", room: room, events: [tombstone]))
        #expect(try fixture.store.legacyRoom(room)?.replacedBy == replacement)
        #expect(try fixture.store.legacyRoom(replacement)?.pair == AddressPair(a, b))
        #expect(try fixture.store.conflicts().contains { $0.rule == "room_upgraded" && $0.roomID == room })
        // The old room's request still stands (nothing was written in the new one).
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!)?.action.action == .request)
    }

    @Test("poll passes: the first derives every room, the next only probes, a change re-derives that room alone")
    func pollPasses() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b, c, d) = (address(53), address(54), address(55), address(56))
        let (room1, _) = legacyRequest(fixture, a, b)
        let (room2, _) = legacyRequest(fixture, c, d)
        let observer = RecordingSyncObserver()
        let engine = fixture.syncEngine(observer: observer)
        let first = try await engine.pass()
        #expect(first.roomsChanged == 2 && first.actionsApplied == 2)
        let reads = fixture.server.count("GET /_synapse/admin/v1/rooms/\(room1)/state")
        let second = try await engine.pass()
        #expect(second.roomsChanged == 0 && second.roomsProbed == 2)
        #expect(fixture.server.count("GET /_synapse/admin/v1/rooms/\(room1)/state") == reads)
        fixture.server.putState(room2, type: type, key: "", sender: fixture.userID(d), content: .object(["type": .string("accept")]))
        let third = try await engine.pass()
        #expect(third.roomsChanged == 1 && third.actionsApplied == 1)
        #expect(fixture.server.count("GET /_synapse/admin/v1/rooms/\(room1)/state") == reads)
        #expect(try fixture.store.newestAction(of: AddressPair(c, d)!)?.action.action == .accept)
        #expect(observer.applied.last?.actor == d)
    }

    @Test("after a completed migrate, a room it read after its newest event only gets its position; a newer event is derived")
    func firstPassTrustsMigrate() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b, c, d) = (address(59), address(60), address(61), address(62))
        let (room1, _) = legacyRequest(fixture, a, b)
        let (room2, _) = legacyRequest(fixture, c, d)
        // As migrate leaves it: the rooms indexed, a completed checkpoint started after both rooms' events.
        var batch = ImportBatch(now: 1)
        batch.rooms = [LegacyRoomRecord(roomID: room1, pair: AddressPair(a, b)), LegacyRoomRecord(roomID: room2, pair: AddressPair(c, d))]
        batch.checkpoints["migrate"] = #"{"blocksDone":true,"completed":true,"runStartedAt":1800000000000}"#
        _ = try fixture.store.apply(batch)
        // A room whose newest event is younger than the run (clock skew margin aside) is derived after all.
        batch = ImportBatch(now: 2)
        batch.checkpoints["migrate"] = #"{"blocksDone":true,"completed":true,"runStartedAt":1700000000050}"#
        _ = try fixture.store.apply(batch)
        let report = try await fixture.syncEngine().pass()
        #expect(report.roomsChanged == 2, "events newer than the run's start minus a minute are derived")
        let again = try await fixture.syncEngine().pass()
        #expect(again.roomsChanged == 0)

        let fresh = try TransitionFixture(mirror: false)
        defer { fresh.cleanUp() }
        let (e, f) = (address(63), address(64))
        let (room3, _) = legacyRequest(fresh, e, f)
        var migrated = ImportBatch(now: 1)
        migrated.rooms = [LegacyRoomRecord(roomID: room3, pair: AddressPair(e, f))]
        migrated.checkpoints["migrate"] = #"{"blocksDone":true,"completed":true,"runStartedAt":1800000000000}"#
        _ = try fresh.store.apply(migrated)
        let trusted = try await fresh.syncEngine().pass()
        #expect(trusted.roomsChanged == 0)
        #expect(fresh.server.count("GET /_synapse/admin/v1/rooms/\(room3)/state") == 0)
        #expect(try fresh.store.checkpoint("sync.room:\(room3)") != nil)
        // A new event after that is derived.
        fresh.server.putState(room3, type: type, key: "", sender: fresh.userID(f), content: .object(["type": .string("accept")]))
        let moved = try await fresh.syncEngine().pass()
        #expect(moved.roomsChanged == 1 && moved.actionsApplied == 1)
    }

    @Test("m.direct names a room the list misses: the poll pass finds it")
    func directDiscovery() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let (a, b) = (address(57), address(58))
        let (room, _) = legacyRequest(fixture, a, b)
        fixture.server.setAccountData(fixture.userID(a), "m.direct", .object([fixture.userID(b): .array([.string(room)])]))
        fixture.server.inject { method, path in
            // The room list omits the room (as when pages shift during a scan).
            method == "GET" && path == "/_synapse/admin/v1/rooms" ? .answer(200, #"{"rooms":[],"total_rooms":0}"#) : nil
        }
        let report = try await fixture.syncEngine().pass()
        #expect(report.roomsChanged == 1)
        #expect(try fixture.store.newestAction(of: AddressPair(a, b)!)?.action.action == .request)
    }
}
