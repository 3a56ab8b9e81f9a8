import Foundation
import Migration
import SocialDomain
import Testing

/// Sync's resync (one code path with migrate): re-derives a pair from all its known rooms, guards its
/// batch against concurrent writes, and plans again when one slipped in.
@Suite struct RoomSyncTests {
    private typealias L = Legacy
    private let room1 = "!one:decentraland.org", room2 = "!two:decentraland.org"

    private func homeserver() async throws -> FakeHomeserver {
        let homeserver = FakeHomeserver()
        try await homeserver.addRoom(room1, state: L.dmState() + [L.friendship("$r1", by: L.user(L.a), content: L.action("request"), ts: 2_000)],
                                     timeline: [L.create(L.user(L.a)), L.friendship("$r1", by: L.user(L.a), content: L.action("request"), ts: 2_000)])
        return homeserver
    }

    @Test("a changed room is reconciled with the pair's other known rooms (§4.4): the newest candidate wins across rooms")
    func reconcilesAcrossRooms() async throws {
        let homeserver = try await homeserver()
        let store = InMemoryStore()
        let sync = RoomSync(homeserver: homeserver, store: store, layout: try L.layout())
        _ = try await sync.resync(rooms: [room1])
        // A second room of the pair, with a newer accept by B, is pushed later.
        try await homeserver.addRoom(room2, state: [L.create(L.user(L.b), id: "$c2")] + [L.member(L.user(L.a)), L.member(L.user(L.b))]
                                        + [L.friendship("$a2", by: L.user(L.b), content: L.action("accept"), ts: 3_000)],
                                     timeline: [L.create(L.user(L.b), id: "$c2"), L.friendship("$r0", by: L.user(L.a), content: L.action("request"), ts: 1_500),
                                                L.friendship("$a2", by: L.user(L.b), content: L.action("accept"), ts: 3_000)])
        let result = try await sync.resync(rooms: [room2])
        let pair = AddressPair(L.addr(L.a), L.addr(L.b))!
        #expect(result.applied.map(\.action) == [.accept])
        #expect(await homeserver.stateReads.filter { $0 == room1 }.count == 2, "the pair's other room is read again")
        #expect(try await store.pair(pair)?.newestAction?.action == .accept)
        #expect(try await store.rooms(of: pair).map(\.roomID) == [room1, room2])
        #expect(await store.conflicts.contains { $0.rule == .duplicateRooms })
        // Re-deriving the old room alone changes nothing: the pair's winner is still the accept.
        let again = try await sync.resync(rooms: [room1])
        #expect(again.applied.isEmpty && again.pairsWritten == 0)
    }

    @Test("an RPC write between planning and applying makes the batch stale: sync plans again against the new state")
    func staleBatchIsPlannedAgain() async throws {
        let homeserver = try await homeserver()
        let store = RacingStore()
        let pair = AddressPair(L.addr(L.a), L.addr(L.b))!
        // Before the first apply, the RPC side writes a newer action (B requests A at t=9000).
        await store.race { inner in await inner.addNewSideAction(.request, by: L.addr(L.b), pair: pair, at: 9_000, id: "rpc-request") }
        let sync = RoomSync(homeserver: homeserver, store: store, layout: try L.layout())
        let result = try await sync.resync(rooms: [room1])
        #expect(await store.applyCalls == 2)
        #expect(result.applied.isEmpty)
        #expect(try await store.pair(pair)?.newestAction?.id == "rpc-request")
        #expect(await store.inner.conflicts.contains { $0.rule == .newSideNewer })
    }

    @Test("a room that cannot be read: all-or-nothing throws and writes nothing; otherwise the other pairs are written")
    func unreadableRoom() async throws {
        let homeserver = try await homeserver()
        try await homeserver.addRoom(room2, state: [L.create(L.user(L.c), id: "$c2"), L.member(L.user(L.c)), L.member(L.user(L.b))]
                                        + [L.friendship("$x", by: L.user(L.c), content: L.action("request"), ts: 2_500)],
                                     timeline: [])
        await homeserver.setStateFails(room2)
        let store = InMemoryStore()
        let sync = RoomSync(homeserver: homeserver, store: store, layout: try L.layout())
        await #expect(throws: RoomSyncError.self) { try await sync.resync(rooms: [room1, room2], allOrNothing: true) }
        #expect(await store.batchesApplied == 0)
        let partial = try await sync.resync(rooms: [room1, room2, "!unknown:decentraland.org"])
        #expect(partial.applied.map(\.action) == [.request])
        #expect(partial.failedRooms.keys.sorted() == [room2])
        await homeserver.setStateFails(room2, false)
        let recovered = try await sync.resync(rooms: [room2])
        #expect(recovered.applied.map(\.actor) == [L.addr(L.c)])
    }
}

/// An `InMemoryStore` whose first `apply` is preceded by a concurrent write.
actor RacingStore: MigrationStore {
    let inner = InMemoryStore()
    private var pending: (@Sendable (InMemoryStore) async -> Void)?
    private(set) var applyCalls = 0

    func race(_ write: @escaping @Sendable (InMemoryStore) async -> Void) { pending = write }

    func pair(_ pair: AddressPair) async throws -> StoredPair? { try await inner.pair(pair) }
    func block(blocker: Address, blocked: Address) async throws -> StoredBlock? { try await inner.block(blocker: blocker, blocked: blocked) }
    func actionExists(id: String) async throws -> Bool { try await inner.actionExists(id: id) }
    func isBridgeEvent(eventID: String) async throws -> Bool { try await inner.isBridgeEvent(eventID: eventID) }
    func wasBlockImported(id: String) async throws -> Bool { try await inner.wasBlockImported(id: id) }
    func checkpoint() async throws -> MigrationCheckpoint? { try await inner.checkpoint() }
    func rooms(of pair: AddressPair) async throws -> [RoomIndexEntry] { try await inner.rooms(of: pair) }
    func room(_ roomID: String) async throws -> RoomIndexEntry? { try await inner.room(roomID) }

    func apply(_ batch: MigrationBatch) async throws {
        applyCalls += 1
        if let write = pending {
            pending = nil
            await write(inner)
        }
        try await inner.apply(batch)
    }
}
