import BridgeTestSupport
import Foundation
import Migration
import SocialDomain
import SocialStore
import Testing

/// `diff` against the in-memory homeserver, and against the in-memory and the SQLite stores: after migrate
/// nothing differs; each tampering shows as exactly one entry of the right kind; journaled decisions and
/// pending mirror writes are expected, not drift.
@Suite struct DiffEngineTests {
    typealias L = Legacy
    static let d = "0x" + String(repeating: "d", count: 40), e = "0x" + String(repeating: "e", count: 40)
    let ua = L.user(L.a), ub = L.user(L.b), uc = L.user(L.c), ud = L.user(Self.d)
    /// d blocks b (no friendship), c blocks b (over their cancelled request).
    let blocksJSON = #"[{"ethAddress":"\#(Self.d)","blocked":["\#(Legacy.b)"]},{"ethAddress":"\#(Legacy.c)","blocked":["\#(Legacy.b)"]}]"#

    func pair(_ x: String, _ y: String) -> AddressPair { AddressPair(L.addr(x), L.addr(y))! }
    var ab: AddressPair { pair(L.a, L.b) }
    var ac: AddressPair { pair(L.a, L.c) }
    var ad: AddressPair { pair(L.a, Self.d) }
    var bc: AddressPair { pair(L.b, L.c) }
    var cd: AddressPair { pair(L.c, Self.d) }

    /// a+b friends (accept by b), c requested a ("hi"), b cancelled a request to c, a deleted d after d accepted.
    func seeded() async throws -> FakeHomeserver {
        let hs = FakeHomeserver()
        for user in [ua, ub, uc, ud, "@admin:decentraland.org"] { await hs.addUser(user) }
        func room(_ creator: String, _ other: String) -> [String] { [L.create(creator), L.member(creator), L.member(other)] }
        func add(_ id: String, _ creator: String, _ other: String, _ events: [String]) async throws {
            try await hs.addRoom(id, state: room(creator, other) + [events.last!], timeline: [L.create(creator)] + events)
        }
        try await add("!ab:decentraland.org", ua, ub, [L.friendship("$ab1", by: ua, content: L.action("request"), ts: 2_000),
                                                       L.friendship("$ab2", by: ub, content: L.action("accept"), ts: 3_000)])
        try await add("!ac:decentraland.org", uc, ua, [L.friendship("$ac1", by: uc, content: L.action("request", message: "hi"), ts: 2_500)])
        try await add("!bc:decentraland.org", ub, uc, [L.friendship("$bc1", by: ub, content: L.action("request"), ts: 2_000),
                                                       L.friendship("$bc2", by: ub, content: L.action("cancel"), ts: 2_100)])
        try await add("!ad:decentraland.org", ua, ud, [L.friendship("$ad1", by: ua, content: L.action("request"), ts: 2_000),
                                                       L.friendship("$ad2", by: ud, content: L.action("accept"), ts: 2_100),
                                                       L.friendship("$ad3", by: ua, content: L.action("delete"), ts: 2_200)])
        return hs
    }

    func options(blocks: String?, users: [String]? = nil) throws -> MigrationOptions {
        var options = MigrationOptions(mapping: try L.mapping())
        options.blocksFile = blocks.map { Data($0.utf8) }
        options.userFilter = users
        options.now = { 50_000 }
        options.batchSize = 2
        options.concurrency = 3
        return options
    }

    func migrate(_ hs: FakeHomeserver, _ store: any MigrationStore, blocks: String?, users: [String]? = nil) async throws {
        _ = try await MigrationEngine(homeserver: hs, store: store, options: try options(blocks: blocks, users: users)).run()
    }

    func diff(_ hs: FakeHomeserver, _ store: any DiffStore, blocks: String?, users: [String]? = nil, pageSize: Int = 500) async throws -> DiffReport {
        try await DiffEngine(homeserver: hs, store: store, options: try options(blocks: blocks, users: users), pageSize: pageSize).run()
    }

    /// `kind users fields` / `kind blocker>blocked`, with the reason for expected entries, in report order.
    func lines(_ entries: [DiffEntry]) -> [String] {
        entries.map { entry in
            let reason = entry.reason.map { " (\($0.rawValue))" } ?? ""
            switch entry {
            case .pair(let pair):
                return "\(pair.kind.rawValue) \(name(pair.users.lo))+\(name(pair.users.hi)) \(pair.fields.map(\.rawValue).joined(separator: ","))\(reason)"
            case .block(let block):
                return "\(block.kind.rawValue) \(name(block.block.blocker))>\(name(block.block.blocked))\(reason)"
            }
        }
    }

    func name(_ address: Address) -> String { String(address.rawValue.dropFirst(2).prefix(1)) }

    @Test("after migrate nothing differs; the store and the homeserver are only read")
    func cleanAfterMigrate() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        try await migrate(hs, store, blocks: blocksJSON)
        let before = await store.export()
        let report = try await diff(hs, store, blocks: blocksJSON)
        #expect(report.drift.isEmpty && report.expected.isEmpty && !report.hasDrift)
        #expect(report.pairsCompared == 4 && report.blocksCompared == 2)
        #expect(await store.export() == before)
        let requests = await hs.requests
        #expect(report.httpRequests == requests)
    }

    @Test("each tampering is one entry of the right kind with the right fields, and nothing else")
    func tampering() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        try await migrate(hs, store, blocks: blocksJSON)
        await store.deletePair(ad)                                                           // missing_new
        try await hs.act(in: "!ab:decentraland.org",                                         // a newer legacy delete
                         event: L.friendship("$ab3", by: ua, content: L.action("delete"), ts: 4_000))
        await store.addNewSideAction(.accept, by: L.addr(L.a), pair: ac, at: 9_000, id: "ns-accept")  // a newer new-side action
        await store.addNewSideAction(.request, by: L.addr(L.c), pair: cd, at: 9_000, id: "ns-request") // missing_legacy
        await store.removeBlock(blocker: L.addr(Self.d), blocked: L.addr(L.b))                // a removed block
        await store.addNewSideBlock(blocker: L.addr(L.a), blocked: L.addr(Self.e), at: 9_000)  // an added block

        let report = try await diff(hs, store, blocks: blocksJSON)
        #expect(lines(report.drift) == [
            "differs a+b status,acting_user,active",
            "differs a+c status,acting_user,active,message",
            "missing_new a+d ",
            "missing_legacy c+d ",
            "block_missing_legacy a>e",
            "block_missing_new d>b",
        ])
        #expect(report.expected.isEmpty && report.hasDrift)
        #expect(report.pairsCompared == 5 && report.blocksCompared == 3)
        guard case .pair(let deleted) = report.drift[0], case .pair(let accepted) = report.drift[1] else {
            Issue.record("pair entries expected first")
            return
        }
        #expect(deleted.legacy?.status == .delete && deleted.legacy?.eventID == "$ab3" && deleted.legacy?.roomID == "!ab:decentraland.org")
        #expect(deleted.legacy?.actingUser == L.addr(L.a) && deleted.new?.status == .accept && deleted.new?.actingUser == L.addr(L.b))
        #expect(accepted.legacy?.status == .request && accepted.legacy?.message == "hi" && accepted.new?.actionID == "ns-accept")

        // Meanwhile a legacy client cancelled c's request, before the new-side accept. migrate again: it imports
        // the legacy delete and the lost pair, journals new_side_newer for the cancel (older than the new-side
        // accept) and for the removed block; those two are now expected, the rest stays drift.
        try await hs.act(in: "!ac:decentraland.org", event: L.friendship("$ac2", by: uc, content: L.action("cancel"), ts: 5_000))
        try await migrate(hs, store, blocks: blocksJSON)
        let after = try await diff(hs, store, blocks: blocksJSON)
        #expect(lines(after.drift) == ["missing_legacy c+d ", "block_missing_legacy a>e"])
        #expect(lines(after.expected) == ["differs a+c status,acting_user,active (new_side_newer)", "block_missing_new d>b (new_side_newer)"])

        // Pending mirror writes explain the store-only pair and block.
        await store.setPendingMirror([cd, pair(L.a, Self.e)])
        let pending = try await diff(hs, store, blocks: blocksJSON)
        #expect(pending.drift.isEmpty)
        #expect(lines(pending.expected) == ["differs a+c status,acting_user,active (new_side_newer)", "missing_legacy c+d  (mirror_pending)",
                                            "block_missing_legacy a>e (mirror_pending)", "block_missing_new d>b (new_side_newer)"])
    }

    @Test("without --blocks, blocks are not compared and a pair the store blocks is expected (blocks_not_compared)")
    func withoutBlocks() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        try await migrate(hs, store, blocks: blocksJSON)
        let report = try await diff(hs, store, blocks: nil)
        #expect(report.blocksCompared == 0 && report.drift.isEmpty)
        #expect(lines(report.expected) == ["differs b+c status,acting_user (blocks_not_compared)"])
        // A migration without blocks agrees with a diff without blocks.
        let plain = InMemoryStore()
        try await migrate(hs, plain, blocks: nil)
        let clean = try await diff(hs, plain, blocks: nil)
        #expect(clean.drift.isEmpty && clean.expected.isEmpty && clean.pairsCompared == 4)
    }

    @Test("requester_kept after a later cycle; a tampered requester is drift")
    func requesterKept() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        try await migrate(hs, store, blocks: nil)
        // a deleted d; now d requests a: legacy step 8 names d, the row keeps a.
        try await hs.act(in: "!ad:decentraland.org", event: L.friendship("$ad4", by: ud, content: L.action("request"), ts: 3_000))
        try await migrate(hs, store, blocks: nil)
        #expect(try await store.pair(ad)?.requester == L.addr(L.a))
        // Tampered: a+b's row names b, which its only action (b's accept, the winner) cannot have created.
        await store.setRequester(ab, to: L.addr(L.b))
        let report = try await diff(hs, store, blocks: nil)
        #expect(lines(report.drift) == ["differs a+b requester"])
        #expect(lines(report.expected) == ["differs a+d requester (requester_kept)"])
    }

    @Test("--users restricts both sides: pairs with a listed member, blocks by a listed user")
    func restriction() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        try await migrate(hs, store, blocks: blocksJSON)
        await store.addNewSideAction(.request, by: L.addr(L.c), pair: cd, at: 9_000, id: "ns-request")
        await store.addNewSideBlock(blocker: L.addr(L.a), blocked: L.addr(Self.e), at: 9_000)
        await store.deletePair(ab)
        let onlyA = try await diff(hs, store, blocks: blocksJSON, users: [ua])
        #expect(onlyA.pairsCompared == 3 && onlyA.blocksCompared == 1)
        #expect(lines(onlyA.drift) == ["missing_new a+b ", "block_missing_legacy a>e"])
        let onlyD = try await diff(hs, store, blocks: blocksJSON, users: ["# comment", "", L.user(Self.d)])
        #expect(onlyD.pairsCompared == 2 && onlyD.blocksCompared == 1)
        #expect(lines(onlyD.drift) == ["missing_legacy c+d "])
        await #expect(throws: MigrationError.usersFile(line: 1, text: "bob")) { try await diff(hs, store, blocks: nil, users: ["bob"]) }
    }

    @Test("the store is read page by page in pair order; any page size gives the same report")
    func paging() async throws {
        let hs = try await seeded()
        let store = InMemoryStore()
        try await migrate(hs, store, blocks: blocksJSON)
        await store.deletePair(bc)
        await store.addNewSideAction(.request, by: L.addr(L.c), pair: cd, at: 9_000, id: "ns-request")
        let whole = try await diff(hs, store, blocks: blocksJSON)
        let pagesBefore = await store.pairPagesRead
        let paged = try await diff(hs, store, blocks: blocksJSON, pageSize: 1)
        #expect(paged == whole || (paged.drift == whole.drift && paged.expected == whole.expected && paged.pairsCompared == whole.pairsCompared))
        #expect(lines(paged.drift) == ["missing_new b+c ", "missing_legacy c+d "])
        #expect((await store.pairPagesRead) - pagesBefore == 5)  // 4 rows one by one, then the empty page
    }

    @Test("could not compare: a refused token, unreadable rooms, a bad blocks file")
    func failures() async throws {
        let store = InMemoryStore()
        let refused = try await seeded()
        await refused.setUnauthorized()
        await #expect(throws: MigrationError.homeserver(.unauthorized("M_UNKNOWN_TOKEN"))) { try await diff(refused, store, blocks: nil) }
        let partial = try await seeded()
        await partial.setStateFails("!ac:decentraland.org")
        await #expect(throws: DiffError.partialRead(rooms: 1, first: "!ac:decentraland.org: read failed: GET /state: 502")) {
            try await diff(partial, store, blocks: nil)
        }
        await #expect(throws: MigrationError.blocksFile(.notAnArray)) { try await diff(try await seeded(), store, blocks: "{}") }
    }

    @Test("SQLite: the database file is byte-for-byte unchanged, pages cross boundaries, facts come from the journal")
    func sqlite() async throws {
        let directory = try makeTemporaryDirectory("diff-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("social.db").path
        let hs = try await seeded()
        do {
            let social = try SocialStore(path: path)
            try await migrate(hs, SocialStoreMigrationStore(store: social), blocks: blocksJSON)
            let a = L.addr(L.a), b = L.addr(L.b), c = L.addr(L.c), d = L.addr(Self.d), e = L.addr(Self.e)
            // RPC-made changes: a newer accept, a store-only pair, an unblock, a new block.
            _ = try social.upsertFriendship(actor: a, target: c, action: .accept, message: nil, now: 60_000)
            _ = try social.upsertFriendship(actor: c, target: d, action: .request, message: "new side", now: 60_000)
            _ = try social.unblock(blocker: d, blocked: b, now: 60_000)
            _ = try social.block(blocker: a, blocked: e, now: 60_000)
        }
        try await hs.act(in: "!ac:decentraland.org", event: L.friendship("$ac2", by: uc, content: L.action("cancel"), ts: 5_000))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        let readOnly = try SocialStore(path: path, options: .readOnly)
        let report = try await diff(hs, SocialStoreDiffStore(store: readOnly), blocks: blocksJSON, pageSize: 2)
        #expect(lines(report.drift) == ["differs a+c status,acting_user,active", "missing_legacy c+d ",
                                        "block_missing_legacy a>e", "block_missing_new d>b"])
        guard case .pair(let storeOnly) = report.drift[1] else { return }
        #expect(storeOnly.new?.message == "new side" && storeOnly.new?.status == .request && storeOnly.new?.actionID?.count == 36)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == files)

        // After migrate again, the journal explains the newer accept and the unblock.
        do {
            let social = try SocialStore(path: path)
            try await migrate(hs, SocialStoreMigrationStore(store: social), blocks: blocksJSON)
        }
        let again = try await diff(hs, SocialStoreDiffStore(store: try SocialStore(path: path, options: .readOnly)), blocks: blocksJSON, pageSize: 2)
        #expect(lines(again.drift) == ["missing_legacy c+d ", "block_missing_legacy a>e"])
        #expect(lines(again.expected) == ["differs a+c status,acting_user,active (new_side_newer)", "block_missing_new d>b (new_side_newer)"])
    }
}
