import Foundation
import Migration
import SocialDomain
import Testing

/// The migrate engine against an in-memory homeserver and store (no Synapse needed).
@Suite struct MigrationEngineTests {
    typealias L = Legacy
    static let d = "0x" + String(repeating: "d", count: 40)
    let ua = Legacy.user(Legacy.a), ub = Legacy.user(Legacy.b), uc = Legacy.user(Legacy.c), ud = Legacy.user(Self.d)
    let blocksJSON = #"[{"ethAddress":"\#(Self.d)","blocked":["\#(Legacy.a)"]},{"ethAddress":"\#(Legacy.c)","blocked":["\#(Legacy.a)"]}]"#

    func pair(_ x: String, _ y: String) -> AddressPair { AddressPair(L.addr(x), L.addr(y))! }

    /// Five rooms covering the read paths: friends, a request with message, a channel, an m.direct-only room,
    /// a plain chat, and a room created during the scan.
    func seeded() async throws -> FakeHomeserver {
        let hs = FakeHomeserver()
        for user in [ua, ub, uc, ud, "@admin:decentraland.org", "@bot:decentraland.org"] { await hs.addUser(user) }
        func room(_ creator: String, _ other: String) -> [String] { [L.create(creator), L.member(creator), L.member(other)] }
        let r1 = [L.friendship("$1a", by: ua, content: L.action("request"), ts: 2_000),
                  L.friendship("$1b", by: ub, content: L.action("accept"), ts: 3_000)]
        let perUser = L.friendship("$1p", by: ua, key: ua, content: L.action("request"), ts: 2_000)
        try await hs.addRoom("!r1:decentraland.org", state: room(ua, ub) + [r1[1], perUser], timeline: [L.create(ua)] + r1)
        let r2 = L.friendship("$2a", by: uc, content: L.action("request", message: "hi"), ts: 2_500)
        try await hs.addRoom("!r2:decentraland.org", state: room(uc, ua) + [r2], timeline: [L.create(uc), r2])
        let r3 = L.friendship("$3a", by: ua, content: L.action("request"), ts: 2_000)
        try await hs.addRoom("!r3:decentraland.org", state: [L.create(ua, type: "channel"), L.member(ua), L.member(ub), r3],
                             timeline: [r3])
        let r4 = [L.friendship("$4a", by: ub, content: L.action("request"), ts: 2_000),
                  L.friendship("$4b", by: ub, content: L.action("cancel"), ts: 2_100)]
        try await hs.addRoom("!r4", state: room(ub, uc) + [r4[1]], timeline: [L.create(ub)] + r4, listed: false)
        try await hs.addRoom("!r5:decentraland.org", state: room(ua, ud), timeline: [L.create(ua)])
        let r6 = L.friendship("$6a", by: ud, content: L.action("request"), ts: 4_000)
        try await hs.addRoom("!r6:decentraland.org", state: room(ud, ub) + [r6], timeline: [L.create(ud), r6], listed: false)
        await hs.addLateRoom("!r6:decentraland.org")
        try await hs.setAccountData(uc, #"{"m.direct":{"\#(ub)":["!r4","!gone:decentraland.org"],"\#(ua)":["!r2:decentraland.org"]}}"#)
        try await hs.setAccountData(ua, #"{"m.ignored_user_list":{"ignored_users":{"\#(uc)":{}}}}"#)
        return hs
    }

    func migrate(_ hs: FakeHomeserver, _ store: any MigrationStore, dryRun: Bool = false, blocks: String? = nil,
                 now: Int64 = 50_000, users: [String]? = nil, batchSize: Int = 2) async throws -> MigrationReport {
        var options = MigrationOptions(mapping: try L.mapping())
        options.dryRun = dryRun
        options.blocksFile = blocks.map { Data($0.utf8) }
        options.now = { now }
        options.userFilter = users
        options.batchSize = batchSize
        options.concurrency = 3
        return try await MigrationEngine(homeserver: hs, store: store, options: options).run()
    }

    @Test("a full run: every pair, blocks, discovery, rescan, report")
    func fullRun() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        let report = try await migrate(hs, store, blocks: blocksJSON)
        let ab = try #require(try await store.pair(pair(L.a, L.b)))
        #expect(ab.newestAction?.action == .accept && ab.isActive && ab.requester == L.addr(L.a) && ab.createdAt == 1_000)
        #expect(ab.friendshipID == BridgeIDs.friendship(pair(L.a, L.b)))
        let ac = try #require(try await store.pair(pair(L.a, L.c)))
        #expect(ac.newestAction?.action == .block && ac.newestAction?.actingUser == L.addr(L.c) && !ac.isActive)
        #expect(ac.newestAction?.timestamp == 50_000 && ac.requester == L.addr(L.c))
        #expect(try await store.pair(pair(L.b, L.c))?.newestAction?.action == .cancel)
        #expect(try await store.pair(pair(L.b, Self.d))?.newestAction?.action == .request)
        #expect(try await store.pair(pair(L.a, Self.d)) == nil)
        #expect(try await store.block(blocker: L.addr(Self.d), blocked: L.addr(L.a))?.blockedAt == 50_000)
        let message = await store.actions[BridgeIDs.action(eventID: "$2a")]?.action.message
        #expect(message == "hi")

        #expect(report.usersTotal == 6 && report.usersSkippedNonAddress == 2)
        #expect(report.roomsListed == 4 && report.roomsDiscoveredViaMDirect == 2 && report.roomsFoundByRescan == 1)
        #expect(report.pairsTotal == 4 && report.pairsWritten == 4)
        #expect(report.statusCounts == ["accept": 1, "block": 2, "cancel": 1, "request": 1])
        #expect(report.blocksWritten == 2)
        for rule in ["channel_room", "mdirect_unknown_room", "mdirect_missing", "ignored_list_not_block",
                     "block_over_friendship", "block_without_friendship"] {
            #expect(report.conflictsByRule[rule] != nil, "\(rule)")
        }
        #expect(report.skippedRooms.contains { $0.id == "!r5:decentraland.org" && $0.reason == "no friendship event" })
        #expect(report.skippedRooms.contains { $0.id == "!r3:decentraland.org" && $0.reason == "channel_room" })
        // History is read only for rooms whose "" event can yield a candidate.
        let historyReads = Set(await hs.historyReads)
        #expect(historyReads == ["!r1:decentraland.org", "!r2:decentraland.org", "!r4", "!r6:decentraland.org"])
        #expect(await store.savedCheckpoint == MigrationCheckpoint(runStartedAt: 50_000, lastPair: pair(L.b, Self.d).description,
                                                                    blocksDone: true, completed: true))
        #expect(report.httpRequests > 0)
        let encoded = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(MigrationReport.self, from: encoded) == report)
    }

    @Test("a second run over unchanged data changes nothing; new events apply incrementally")
    func idempotentAndIncremental() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        _ = try await migrate(hs, store, blocks: blocksJSON, now: 50_000)
        let first = await store.export()
        let second = try await migrate(hs, store, blocks: blocksJSON, now: 90_000)
        #expect(await store.export() == first)
        #expect(second.pairsWritten == 0 && second.pairsUnchanged == 4 && second.blocksUnchanged == 2 && second.actionsWritten == 0)

        try await hs.act(in: "!r6:decentraland.org", event: L.friendship("$6b", by: ub, content: L.action("accept"), ts: 5_000))
        let third = try await migrate(hs, store, blocks: blocksJSON, now: 95_000)
        #expect(third.pairsWritten == 1 && third.actionsWritten == 1)
        let bd = try #require(try await store.pair(pair(L.b, Self.d)))
        #expect(bd.newestAction?.action == .accept && bd.isActive && bd.requester == L.addr(Self.d) && bd.updatedAt == 5_000)
    }

    @Test("--dry-run writes nothing and reports what would change")
    func dryRun() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        let report = try await migrate(hs, store, dryRun: true, blocks: blocksJSON)
        #expect(await store.export().isEmpty)
        #expect(await store.savedCheckpoint == nil)
        #expect(report.dryRun && report.pairsWritten == 4 && report.blocksWritten == 2)
        #expect(report.actionsWritten == 5)
        #expect(report.statusCounts == ["accept": 1, "block": 2, "cancel": 1, "request": 1])
    }

    @Test("a run interrupted between any two batches finishes on re-run with the same export")
    func resume() async throws {
        let reference = InMemoryStore()
        _ = try await migrate(try await seeded(), reference, blocks: blocksJSON, now: 50_000, batchSize: 1)
        let expected = await reference.export()
        let batches = await reference.batchesApplied
        for crashAt in 1...batches {
            let store = InMemoryStore()
            await store.failAfter(crashAt)
            await #expect(throws: InMemoryStore.Crash.self) {
                _ = try await migrate(try await seeded(), store, blocks: blocksJSON, now: 50_000, batchSize: 1)
            }
            await store.failAfter(nil)
            // The resumed run starts later but keeps the interrupted run's start time for blocked_at.
            let report = try await migrate(try await seeded(), store, blocks: blocksJSON, now: 70_000, batchSize: 1)
            #expect(report.resumed == (crashAt > 1))
            // Killed before the first checkpoint was saved: nothing was written, so the re-run is a fresh run.
            let reference = crashAt > 1 ? expected : try await freshExport(now: 70_000)
            #expect(await store.export() == reference, "crash at batch \(crashAt)")
        }
    }

    func freshExport(now: Int64) async throws -> [String] {
        let store = InMemoryStore()
        _ = try await migrate(try await seeded(), store, blocks: blocksJSON, now: now, batchSize: 1)
        return await store.export()
    }

    @Test("--users restricts pairs and blocks to the listed users")
    func usersFilter() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        let report = try await migrate(hs, store, blocks: blocksJSON, users: ["# friends of d", Self.d, ""])
        #expect(report.pairsTotal == 1)
        #expect(try await store.pair(pair(L.b, Self.d))?.newestAction?.action == .request)
        #expect(try await store.pair(pair(L.a, L.b)) == nil)
        #expect(report.blocksWritten == 1)
        await #expect(throws: MigrationError.usersFile(line: 1, text: "@admin:decentraland.org")) {
            _ = try await migrate(hs, InMemoryStore(), users: ["@admin:decentraland.org"])
        }
    }

    @Test("a refused admin token stops the run before any write; a bad blocks file too")
    func preflight() async throws {
        let hs = try await seeded()
        await hs.setUnauthorized()
        let store = InMemoryStore()
        await #expect(throws: MigrationError.homeserver(.unauthorized("M_UNKNOWN_TOKEN"))) { _ = try await migrate(hs, store) }
        await #expect(throws: MigrationError.blocksFile(.notAnArray)) {
            _ = try await migrate(try await seeded(), store, blocks: "{}")
        }
        #expect(await store.batchesApplied == 0)
    }

    @Test("a failed history read derives with the predecessor unknown")
    func historyFailure() async throws {
        let hs = try await seeded()
        await hs.setHistoryFails("!r1:decentraland.org")
        let store = InMemoryStore()
        let report = try await migrate(hs, store)
        #expect(try await store.pair(pair(L.a, L.b))?.newestAction?.action == .accept)
        #expect(report.conflictsByRule["history_unavailable"] == 1)
        #expect(report.roomsHistoryRead == 3)
    }
}
