import BridgeTestSupport
import CurlHTTP
import Foundation
import MatrixClient
import Migration
import SocialDomain
import SocialStore
import Testing

/// Migration from a live Synapse seeded with `fixtures/messy.json` (fresh addresses per run through the
/// seeder's `--salt`), asserting every pair the fixture expects, and kill -9 / resume of the binary.
@Suite(.serialized, .enabled(if: LiveSynapse.available, LiveSynapse.missingReason))
struct LiveSynapseMigrationTests {
    @Test("messy fixture: every expected pair, rule and m.direct finding; a re-run changes nothing")
    func messy() async throws {
        let seeded = try LiveSynapse.seed("messy")
        let directory = try makeTemporaryDirectory("migration-live")
        defer { try? FileManager.default.removeItem(at: directory) }
        let social = try SocialStore(path: directory.appendingPathComponent("social.db").path)
        let store = SocialStoreMigrationStore(store: social)
        let report = try await LiveSynapse.migrate(store: store)

        let expectations = try #require(seeded["expect"]?.arrayValue)
        #expect(!expectations.isEmpty)
        for expected in expectations {
            let row = expected["row"]?.int64Value.map { "#\($0)" } ?? "extra"
            let members = (expected["pair"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { Address($0) } }
            let rooms = Set((expected["rooms"]?.arrayValue ?? []).compactMap(\.stringValue))
            let pair = members.count == 2 ? AddressPair(members[0], members[1]) : nil
            let journaled = Set(report.conflicts.filter { entry in
                entry.roomID.map(rooms.contains) ?? false || (pair != nil && entry.pair == pair?.description)
            }.map(\.rule.rawValue))
            for rule in expected["rules"]?.arrayValue ?? [] {
                #expect(journaled.contains(rule.stringValue ?? "?"), "\(row): \(rule) not journaled (have \(journaled.sorted()))")
            }
            if expected["result"]?.stringValue == "none" {
                if let pair { #expect(try social.friendship(between: pair.lo, and: pair.hi) == nil, "\(row)") }
                continue
            }
            let resolved = try #require(pair, "\(row)")
            let newest = try #require(try social.newestAction(of: resolved), "\(row): no action")
            let row_ = try #require(try social.friendship(between: resolved.lo, and: resolved.hi))
            #expect(newest.action.action.rawValue == expected["action"]?.stringValue, "\(row)")
            #expect(newest.action.actingUser.rawValue == expected["by"]?.stringValue, "\(row)")
            #expect(row_.requester.rawValue == expected["requester"]?.stringValue, "\(row)")
            if let message = expected["message"]?.stringValue { #expect(newest.action.message == message, "\(row)") }
            #expect(newest.isImported)
        }
        for finding in seeded["expect_mdirect"]?.arrayValue ?? [] {
            guard let user = finding["user"]?.stringValue, let rule = finding["rule"]?.stringValue else { continue }
            #expect(report.conflicts.contains { $0.rule.rawValue == rule && ($0.detail ?? "").contains(user) }, "\(rule) for \(user)")
        }

        let again = try await LiveSynapse.migrate(store: store)
        #expect(again.pairsWritten == 0 && again.actionsWritten == 0)
        #expect(again.pairsUnchanged == report.pairsTotal)
    }

    @Test("kill -9 at any moment, then re-run: the export equals an uninterrupted run's")
    func killAndResume() async throws {
        let binary = TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/social-bridge").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the social-bridge product first")
        _ = try LiveSynapse.seed("messy")
        let directory = try makeTemporaryDirectory("migration-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        func migrate(_ db: String, killAfter delay: Double? = nil) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["migrate", "--homeserver", LiveSynapse.url, "--admin-token", LiveSynapse.token,
                                 "--db", directory.appendingPathComponent(db).path,
                                 "--mapping", TestEnvironment.repositoryRoot.appendingPathComponent("mappings/decentraland.json").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if let delay {
                Thread.sleep(forTimeInterval: delay)
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            return process.terminationStatus
        }
        func export(_ db: String) throws -> String {
            try ProcessRunner.run(binary, ["export", "--db", directory.appendingPathComponent(db).path]).stdout
        }
        #expect(try migrate("reference.db") == 0)
        let reference = try export("reference.db")
        #expect(reference.contains("friendships"))
        for (index, delay) in [0.05, 0.2, 0.5, 1.0].enumerated() {
            let db = "killed-\(index).db"
            _ = try migrate(db, killAfter: delay)
            #expect(try migrate(db) == 0)
            #expect(try export(db) == reference, "killed after \(delay) s")
        }
    }
}

/// The live Synapse of `Tests/Support/synapse.sh` and its seeder.
enum LiveSynapse {
    static var available: Bool {
        TestEnvironment.synapseURL != nil && TestEnvironment.synapseAdminToken != nil && TestEnvironment.python != nil
    }
    static let missingReason: Comment = "no live Synapse or Python (SOCIALBRIDGE_SYNAPSE_URL / SOCIALBRIDGE_PYTHON unset): run Tests/Support/test-all.sh"
    static var url: String { TestEnvironment.synapseURL ?? "" }
    static var token: String { TestEnvironment.synapseAdminToken ?? "" }

    /// Seeds `fixtures/<name>.json` under fresh addresses and returns the seeder's resolved result.
    static func seed(_ name: String) throws -> LegacyJSON {
        let root = TestEnvironment.repositoryRoot
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: out) }
        let salt = "mig" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let result = try ProcessRunner.run(TestEnvironment.python ?? "python3", [
            root.appendingPathComponent("Tests/Support/synapse_seed.py").path,
            root.appendingPathComponent("fixtures/\(name).json").path, "--salt", salt, "--out", out.path,
        ])
        guard result.status == 0 else { throw SeedError(message: result.stderr) }
        return try LegacyJSON(parsing: Data(contentsOf: out))
    }

    struct SeedError: Error, CustomStringConvertible { var message: String; var description: String { "seeding failed: \(message)" } }

    /// One in-process run against the live server.
    static func migrate(store: any MigrationStore) async throws -> MigrationReport {
        let (client, counters) = MatrixClient.live(homeserver: url, accessToken: token)
        let homeserver = MatrixLegacyHomeserver(client: client) { (counters.snapshot.requests, counters.snapshot.retries) }
        let options = MigrationOptions(mapping: try Legacy.mapping())
        return try await MigrationEngine(homeserver: homeserver, store: store, options: options).run()
    }
}
