import Foundation
import Migration
import SocialDomain
import Testing

/// Smaller engine behaviours: progress reporting, list paging guards, rescans, partial runs.
@Suite struct EngineDetailsTests {
    typealias L = Legacy

    /// Collects progress snapshots from concurrent callers.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [MigrationProgress] = []
        func add(_ progress: MigrationProgress) { lock.withLock { items.append(progress) } }
        var snapshots: [MigrationProgress] { lock.withLock { items } }
    }

    @Test("progress reports every phase in order with final counts and totals")
    func progress() async throws {
        let engineTests = MigrationEngineTests()
        let hs = try await engineTests.seeded()
        let recorder = Recorder()
        var options = MigrationOptions(mapping: try L.mapping())
        options.progress = { recorder.add($0) }
        options.blocksFile = Data(engineTests.blocksJSON.utf8)
        _ = try await MigrationEngine(homeserver: hs, store: InMemoryStore(), options: options).run()
        var phases: [String] = []
        for snapshot in recorder.snapshots where phases.last != snapshot.phase { phases.append(snapshot.phase) }
        #expect(phases == ["users", "rooms", "account_data", "rooms_state", "rescan", "write_pairs", "blocks", "done"])
        let rooms = recorder.snapshots.filter { $0.phase == "rooms_state" }
        #expect(rooms.last?.done == 6 && rooms.last?.total == 6)
        #expect(recorder.snapshots.filter { $0.phase == "write_pairs" }.last?.done == 4)
    }

    @Test("a room that cannot be read is reported and makes the run partial; unknown listed rooms are skipped")
    func partial() async throws {
        let hs = FakeHomeserver()
        await hs.addUser(L.user(L.a))
        await hs.setListed(["!missing:decentraland.org"])
        let report = try await MigrationEngine(homeserver: hs, store: InMemoryStore(),
                                               options: MigrationOptions(mapping: try L.mapping())).run()
        #expect(report.skippedRooms.map(\.id) == ["!missing:decentraland.org"])
        #expect(report.skippedRooms.map(\.reason) == ["not found"])
        #expect(!report.isPartial)
        let failing = FailingStateHomeserver(inner: hs)
        let failed = try await MigrationEngine(homeserver: failing, store: InMemoryStore(),
                                               options: MigrationOptions(mapping: try L.mapping())).run()
        #expect(failed.isPartial)
        #expect(failed.skippedRooms.first?.reason == "read failed: GET /state: 502")
    }

    @Test("server name: pinned by --server-name, users of other servers are non-address users")
    func serverNameOverride() async throws {
        let hs = try await MigrationEngineTests().seeded()
        var options = MigrationOptions(mapping: try L.mapping())
        options.serverName = "decentraland.zone"
        let report = try await MigrationEngine(homeserver: hs, store: InMemoryStore(), options: options).run()
        #expect(report.serverName == "decentraland.zone")
        #expect(report.usersSkippedNonAddress == 6 && report.pairsTotal == 0)
    }
}

extension EngineDetailsTests {
    @Test("rooms naming a pair without a candidate still journal their rule")
    func journalsWithoutCandidate() async throws {
        let hs = FakeHomeserver()
        let ua = L.user(L.a), ub = L.user(L.b)
        for user in [ua, ub] { await hs.addUser(user) }
        let garbage = L.friendship("$g", by: ua, content: #"{"type":"Request"}"#, ts: 2_000)
        try await hs.addRoom("!bad:decentraland.org", state: L.dmState() + [garbage], timeline: [L.create(ua), garbage])
        let store = InMemoryStore()
        let report = try await MigrationEngine(homeserver: hs, store: store, options: MigrationOptions(mapping: try L.mapping())).run()
        #expect(report.pairsTotal == 0)
        #expect(report.conflictsByRule["invalid_friendship_content"] == 1)
        #expect(await store.conflicts.contains { $0.rule == .invalidFriendshipContent && $0.roomID == "!bad:decentraland.org" })
    }
}

/// Wraps a homeserver and fails every state read with a 502.
struct FailingStateHomeserver: LegacyHomeserver {
    let inner: FakeHomeserver
    func whoami() async throws -> String { try await inner.whoami() }
    func users(from: String?) async throws -> LegacyPage<LegacyUser> { try await inner.users(from: from) }
    func rooms(from: String?) async throws -> LegacyPage<String> { try await inner.rooms(from: from) }
    func globalAccountData(userID: String) async throws -> [String: LegacyJSON] { try await inner.globalAccountData(userID: userID) }
    func roomState(roomID: String) async throws -> [ClientEvent] { throw HomeserverReadError.failed("GET /state: 502") }
    func roomHistory(roomID: String, types: [String]) async throws -> (events: [ClientEvent], complete: Bool) {
        try await inner.roomHistory(roomID: roomID, types: types)
    }
    func requestCounts() async -> (requests: Int, retries: Int) { await inner.requestCounts() }
}
