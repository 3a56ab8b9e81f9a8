import BridgeCLI
import BridgeTestSupport
import Foundation
import MatrixClient
import SocialDomain
import SocialStore
import Testing

/// `social-bridge diff` against the live Synapse of the test scripts, seeded with `fixtures/demo.json` under
/// fresh addresses: after migrate nothing differs; each tampering (on either side) is named exactly; journaled
/// decisions are expected; the database is byte-for-byte unchanged by every diff. The commands run in-process
/// (`BridgeCLI.run`), so the admin token never reaches a child process's argv.
@Suite(.serialized, .enabled(if: TestEnvironment.hasLiveSynapse && TestEnvironment.synapseAdminToken != nil,
                            "no live Synapse (SOCIALBRIDGE_SYNAPSE_URL / _ADMIN_TOKEN / SOCIALBRIDGE_PYTHON unset): run Tests/Support/test-all.sh"))
struct LiveDiffTests {
    static var url: String { TestEnvironment.synapseURL ?? "" }
    static var token: String { TestEnvironment.synapseAdminToken ?? "" }
    static let friendship = "org.decentraland.friendship"

    /// The seeded world: labels to addresses, user ids and room ids.
    struct World {
        var address: [String: Address]
        var userID: [String: String]
        var room: [String: String]
        func pair(_ x: String, _ y: String) -> AddressPair { AddressPair(address[x]!, address[y]!)! }
        func label(_ value: Address) -> String { address.first { $0.value == value }?.key ?? value.rawValue }
    }

    static func seed(fixture: String = "demo") throws -> World {
        let root = TestEnvironment.repositoryRoot
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("diff-seed-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        // The seeder reads the admin token from the environment (SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN), not argv.
        let result = try ProcessRunner.run(TestEnvironment.python ?? "python3", [
            root.appendingPathComponent("Tests/Support/synapse_seed.py").path, root.appendingPathComponent("fixtures/\(fixture).json").path,
            "--salt", "diff" + String(UInt32.random(in: 0...UInt32.max), radix: 16), "--out", out.path,
        ])
        try #require(result.status == 0, "seeding failed: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let addresses = (json["addresses"] as? [String: String] ?? [:]).compactMapValues { Address($0) }
        return World(address: addresses, userID: json["users"] as? [String: String] ?? [:], room: json["rooms"] as? [String: String] ?? [:])
    }

    static func run(_ arguments: [String]) async -> (code: Int32, stdout: String, stderr: String) {
        let out = CapturedOutput(), err = CapturedOutput()
        // The token travels in the environment, as an operator would pass it (a flag would warn about argv).
        var arguments = arguments, environment: [String: String] = [:]
        if let index = arguments.firstIndex(of: "--admin-token"), index + 1 < arguments.count {
            environment["SOCIAL_BRIDGE_ADMIN_TOKEN"] = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        let code = await BridgeCLI.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err, environment: environment))
        return (code, out.text, err.text)
    }

    /// Common flags: the live homeserver, the mapping, the database, the seeded users only.
    static func flags(db: String, users: String, blocks: String?) -> [String] {
        ["--homeserver", url, "--admin-token", token, "--db", db, "--users", users,
         "--mapping", TestEnvironment.repositoryRoot.appendingPathComponent("mappings/decentraland.json").path]
            + (blocks.map { ["--blocks", $0] } ?? [])
    }

    /// Runs diff with `--format json`, checks the database is unchanged, and returns the exit code and the JSON.
    ///
    /// Unchanged: the database file byte for byte, and its WAL (byte for byte when there was one; a reader may
    /// leave an empty one). The `-shm` file is SQLite's shared-memory index, where every WAL reader (export too)
    /// takes its read locks; it holds no data and is not compared.
    static func diff(db: String, users: String, blocks: String?, extra: [String] = []) async throws -> (code: Int32, json: [String: Any]) {
        let file = FileManager.default.contents(atPath: db), wal = FileManager.default.contents(atPath: db + "-wal")
        #expect(file != nil)
        let result = await run(["diff"] + flags(db: db, users: users, blocks: blocks) + ["--format", "json"] + extra)
        #expect(FileManager.default.contents(atPath: db) == file, "diff changed the database file")
        let walAfter = FileManager.default.contents(atPath: db + "-wal")
        #expect(walAfter == wal || (wal == nil && walAfter?.isEmpty == true), "diff changed the WAL")
        #expect(result.code == 0 || result.code == 1, "diff failed: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        return (result.code, json)
    }

    /// Entries as `kind x+y fields (reason)` (labels sorted) / `kind blocker>blocked (reason)` with labels for addresses.
    static func lines(_ json: [String: Any], _ key: String, _ world: World) -> [String] {
        (json[key] as? [[String: Any]] ?? []).map { entry in
            let kind = entry["kind"] as? String ?? "?"
            let reason = (entry["reason"] as? String).map { " (\($0))" } ?? ""
            if let users = entry["users"] as? [String] {
                let names = users.compactMap { Address($0) }.map(world.label).sorted().joined(separator: "+")
                let fields = (entry["fields"] as? [String] ?? []).joined(separator: ",")
                return "\(kind) \(names) \(fields)\(reason)"
            }
            let blocker = Address(entry["blocker"] as? String ?? "").map(world.label) ?? "?"
            let blocked = Address(entry["blocked"] as? String ?? "").map(world.label) ?? "?"
            return "\(kind) \(blocker)>\(blocked)\(reason)"
        }
    }

    /// A legacy client acting: the `""` event and the sender's own key, as that user (login-as-user).
    static func legacyWrite(_ world: World, as label: String, room: String, type: String) async throws -> String {
        let (admin, _) = MatrixClient.live(homeserver: url, accessToken: token)
        let user = world.userID[label]!
        let puppet = admin.actingAs(try await admin.loginAsUser(user))
        defer { Task { try? await puppet.logout() } }
        let roomID = world.room[room]!
        let event = try await puppet.putState(roomID, type: friendship, stateKey: "", content: .object(["type": .string(type)]))
        _ = try await puppet.putState(roomID, type: friendship, stateKey: user, content: .object(["type": .string(type)]))
        return event
    }

    static func applied(_ outcome: UpsertOutcome) -> Bool {
        if case .applied = outcome { return true }
        return false
    }

    /// Runs SQL on the database with Python's sqlite3 (a store tampered behind the bridge's back).
    static func sql(_ db: String, _ script: String) throws {
        let result = try ProcessRunner.run(TestEnvironment.python ?? "python3", [
            "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()", db, script,
        ])
        try #require(result.status == 0, "sqlite: \(result.stderr)")
    }

    @Test("after migrate no drift; tampering on each side is named exactly; journaled decisions are expected")
    func tamperAndExplain() async throws {
        let world = try Self.seed()
        let directory = try makeTemporaryDirectory("diff-live")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("social.db").path
        let users = directory.appendingPathComponent("users.txt").path
        let blocks = directory.appendingPathComponent("blocks.json").path
        let labels = ["alice", "bob", "carol", "dave", "eve", "frank"]
        try (labels.map { world.address[$0]!.rawValue }.joined(separator: "\n") + "\n").write(toFile: users, atomically: true, encoding: .utf8)
        func entry(_ blocker: String, _ blocked: String) -> String {
            #"{"ethAddress":"\#(world.address[blocker]!.rawValue)","blocked":["\#(world.address[blocked]!.rawValue)"]}"#
        }
        // frank blocks bob and eve blocks alice (over friendships), dave blocks frank (no friendship).
        try ("[" + [entry("frank", "bob"), entry("eve", "alice"), entry("dave", "frank")].joined(separator: ",") + "]")
            .write(toFile: blocks, atomically: true, encoding: .utf8)

        let migrated = await Self.run(["migrate"] + Self.flags(db: db, users: users, blocks: blocks))
        try #require(migrated.code == 0, "migrate: \(migrated.stderr)")

        // 1. Nothing differs.
        let clean = try await Self.diff(db: db, users: users, blocks: blocks)
        #expect(clean.code == 0)
        #expect(clean.json["summary"] as? [String: Int] == ["pairs_compared": 6, "blocks_compared": 3, "drift": 0, "expected": 0])
        let table = await Self.run(["diff"] + Self.flags(db: db, users: users, blocks: blocks))
        #expect(table.code == 0)
        #expect(table.stdout == "DRIFT (0)\n\nEXPECTED (0)\n\npairs compared: 6, blocks compared: 3, drift: 0, expected: 0\n")
        // Without --blocks the two blocked pairs cannot be judged from Matrix: expected, not drift.
        let unblocked = try await Self.diff(db: db, users: users, blocks: nil)
        #expect(unblocked.code == 0)
        #expect(Set(Self.lines(unblocked.json, "expected", world)) == [
            "differs alice+eve status,acting_user (blocks_not_compared)", "differs bob+frank status,message (blocks_not_compared)",
        ])

        // 2. Tamper on both sides.
        let carolDave = world.pair("carol", "dave")
        try Self.sql(db, """
            DELETE FROM friendship_actions WHERE friendship_id IN (SELECT id FROM friendships WHERE min(address_requester, address_requested) = '\(carolDave.lo.rawValue)' AND max(address_requester, address_requested) = '\(carolDave.hi.rawValue)');
            DELETE FROM friendships WHERE min(address_requester, address_requested) = '\(carolDave.lo.rawValue)' AND max(address_requester, address_requested) = '\(carolDave.hi.rawValue)';
            """)
        let deleteEvent = try await Self.legacyWrite(world, as: "alice", room: "alice_bob", type: "delete")
        do {
            let store = try SocialStore(path: db)
            let now = SocialStore.nowMilliseconds()
            let a = world.address
            #expect(Self.applied(try store.upsertFriendship(actor: a["alice"]!, target: a["carol"]!, action: .accept, message: nil, now: now)))
            #expect(Self.applied(try store.upsertFriendship(actor: a["dave"]!, target: a["eve"]!, action: .request, message: nil, now: now)))
            #expect(try store.unblock(blocker: a["dave"]!, blocked: a["frank"]!, now: now).removedBlock)
            _ = try store.block(blocker: a["carol"]!, blocked: a["eve"]!, now: now)
        }
        let tampered = try await Self.diff(db: db, users: users, blocks: blocks)
        #expect(tampered.code == 1)
        let drift = Self.lines(tampered.json, "drift", world)
        #expect(Set(drift) == [
            "differs alice+bob status,acting_user,active",
            "differs alice+carol status,acting_user,active,message",
            "missing_new carol+dave ",
            "missing_legacy dave+eve ",
            "block_missing_legacy carol>eve",
            "block_missing_new dave>frank",
        ])
        #expect(drift.count == 6 && Self.lines(tampered.json, "expected", world).isEmpty)
        #expect(tampered.json["summary"] as? [String: Int] == ["pairs_compared": 7, "blocks_compared": 4, "drift": 6, "expected": 0])
        // Stable order: pairs by users, then blocks by blocker then blocked.
        let entries = tampered.json["drift"] as? [[String: Any]] ?? []
        let pairKeys = entries.compactMap { $0["users"] as? [String] }.map { $0.joined(separator: "+") }
        let blockKeys = entries.compactMap { entry in (entry["blocker"] as? String).map { $0 + ">" + (entry["blocked"] as? String ?? "") } }
        #expect(pairKeys == pairKeys.sorted() && blockKeys == blockKeys.sorted() && entries.prefix(4).allSatisfy { $0["users"] != nil })
        let aliceBob = try #require(entries.first { ($0["users"] as? [String]) == [world.pair("alice", "bob").lo.rawValue, world.pair("alice", "bob").hi.rawValue] })
        let legacy = try #require(aliceBob["legacy"] as? [String: Any]), new = try #require(aliceBob["new"] as? [String: Any])
        #expect(legacy["status"] as? String == "delete" && legacy["event_id"] as? String == deleteEvent)
        #expect(legacy["room_id"] as? String == world.room["alice_bob"] && legacy["acting_user"] as? String == world.address["alice"]?.rawValue)
        #expect(new["status"] as? String == "accept" && new["acting_user"] as? String == world.address["bob"]?.rawValue)
        #expect((new["action_id"] as? String)?.count == 36 && new["updated_at"] is Int)
        // --report writes the same JSON whatever --format says.
        let reportPath = directory.appendingPathComponent("report.json").path
        let withReport = await Self.run(["diff"] + Self.flags(db: db, users: users, blocks: blocks) + ["--report", reportPath])
        #expect(withReport.code == 1 && withReport.stdout.hasPrefix("DRIFT (6)\nKIND "))
        #expect(withReport.stdout.hasSuffix("\npairs compared: 7, blocks compared: 4, drift: 6, expected: 0\n"))
        let reported = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath))) as? [String: Any] ?? [:]
        #expect(Self.lines(reported, "drift", world) == drift)

        // 3. Later: bob requests alice again (legacy), dave deletes bob (legacy) and then bob deletes dave on the
        // new side, and migrate runs again. alice+bob's row keeps alice as requester (requester_kept); bob's
        // newer new-side delete is journaled new_side_newer, as is the removed block; the rest stays drift.
        _ = try await Self.legacyWrite(world, as: "bob", room: "alice_bob", type: "request")
        _ = try await Self.legacyWrite(world, as: "dave", room: "bob_dave", type: "delete")
        do {
            let store = try SocialStore(path: db)
            let now = SocialStore.nowMilliseconds() + 1
            #expect(Self.applied(try store.upsertFriendship(actor: world.address["bob"]!, target: world.address["dave"]!, action: .delete,
                                                            message: nil, now: now)))
        }
        let again = await Self.run(["migrate"] + Self.flags(db: db, users: users, blocks: blocks))
        try #require(again.code == 0, "migrate: \(again.stderr)")
        let explained = try await Self.diff(db: db, users: users, blocks: blocks)
        #expect(explained.code == 1)
        #expect(Set(Self.lines(explained.json, "drift", world)) == [
            "differs alice+carol status,acting_user,active,message", "missing_legacy dave+eve ", "block_missing_legacy carol>eve",
        ])
        #expect(Set(Self.lines(explained.json, "expected", world)) == [
            "differs alice+bob requester (requester_kept)", "differs bob+dave acting_user (new_side_newer)",
            "block_missing_new dave>frank (new_side_newer)",
        ])
    }

    @Test("migrate then diff on the messy fixture (every decision-table case seeded): no drift")
    func messyAgrees() async throws {
        let world = try Self.seed(fixture: "messy")
        let directory = try makeTemporaryDirectory("diff-messy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("social.db").path
        let users = directory.appendingPathComponent("users.txt").path
        try (world.address.values.map(\.rawValue).sorted().joined(separator: "\n") + "\n").write(toFile: users, atomically: true, encoding: .utf8)
        let migrated = await Self.run(["migrate"] + Self.flags(db: db, users: users, blocks: nil))
        try #require(migrated.code == 0, "migrate: \(migrated.stderr)")
        let result = try await Self.diff(db: db, users: users, blocks: nil)
        #expect(result.code == 0)
        #expect(Self.lines(result.json, "drift", world).isEmpty)
        #expect((result.json["summary"] as? [String: Int])?["pairs_compared"] ?? 0 >= 10)
    }

    @Test("bench diff: figures from a real diff and migrate of the live homeserver, token from the environment")
    func benchDiff() async throws {
        let out = CapturedOutput(), err = CapturedOutput()
        let context = CommandContext(stdout: out, stderr: err, environment: ["SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN": Self.token])
        let code = await BridgeCLI.run(arguments: ["bench", "diff", "--homeserver", Self.url, "--json", "--mapping",
                                                   TestEnvironment.repositoryRoot.appendingPathComponent("mappings/decentraland.json").path],
                                       context: context)
        #expect(code == 0, "\(err.text)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.text.utf8)) as? [String: Any])
        let figures = try #require(object["figures"] as? [String: Any])
        #expect(figures["drift"] as? Int == 0)
        #expect((figures["pairs"] as? Int ?? 0) > 0 && (figures["diff_requests"] as? Int ?? 0) > 0)
        #expect((figures["diff_seconds"] as? Double ?? 0) > 0 && (figures["migrate_seconds"] as? Double ?? 0) > 0)
        #expect((figures["diff_peak_rss_kib"] as? Int ?? 0) > 0 && (figures["migrate_peak_rss_kib"] as? Int ?? 0) > 0)
        #expect(!out.text.contains(Self.token) && !err.text.contains(Self.token))
    }

    @Test("a refused token: exit 2 with a clear message, nothing written")
    func badToken() async throws {
        let directory = try makeTemporaryDirectory("diff-token")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("social.db").path
        do { _ = try SocialStore(path: db) }
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let result = await Self.run(["diff", "--homeserver", Self.url, "--admin-token", "syt_not_a_token", "--db", db,
                                     "--mapping", TestEnvironment.repositoryRoot.appendingPathComponent("mappings/decentraland.json").path])
        #expect(result.code == 2 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: the homeserver refused the admin token"), "\(result.stderr)")
        #expect(!result.stderr.contains("syt_not_a_token"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }
}
