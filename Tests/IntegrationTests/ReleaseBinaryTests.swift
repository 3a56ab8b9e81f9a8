import BridgeJSON
import BridgeTestSupport
import CurlHTTP
import Foundation
import Testing

/// The release binary as an operator installs it: one file copied into an empty directory, run from
/// another empty directory through migrate, export and serve (and `call` against that serve).
@Suite struct ReleaseBinaryTests {
    /// `SOCIALBRIDGE_RELEASE_BIN` (set by Tests/Support/test-all.sh, which builds it once), else the
    /// package's own release build if there is one.
    static var releaseBinary: String? {
        if let path = ProcessInfo.processInfo.environment["SOCIALBRIDGE_RELEASE_BIN"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        let built = TestEnvironment.repositoryRoot.appendingPathComponent(".build/release/social-bridge").path
        return FileManager.default.isExecutableFile(atPath: built) ? built : nil
    }

    static let skipReason: Comment = """
        no release binary: Tests/Support/test-all.sh builds one (swift build -c release --product social-bridge) and \
        sets SOCIALBRIDGE_RELEASE_BIN; a live Synapse is needed too
        """

    static var enabled: Bool { releaseBinary != nil && TestEnvironment.hasLiveSynapse && TestEnvironment.synapseAdminToken != nil }

    @Test(.enabled(if: enabled, skipReason))
    func runsFromAnEmptyDirectoryThroughMigrateExportAndServe() async throws {
        let source = try #require(Self.releaseBinary)
        let synapse = try #require(TestEnvironment.synapseURL)
        let adminToken = try #require(TestEnvironment.synapseAdminToken)
        let python = try #require(TestEnvironment.python)
        let root = try makeTemporaryDirectory("release")
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = root.appendingPathComponent("bin"), work = root.appendingPathComponent("work"), secrets = root.appendingPathComponent("secrets")
        for directory in [bin, work, secrets] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let binary = bin.appendingPathComponent("social-bridge").path
        try FileManager.default.copyItem(atPath: source, toPath: binary)

        // The legacy side: the demo fixture with fresh addresses.
        let support = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support")
        let seedOut = secrets.appendingPathComponent("seed.json").path
        let seed = try ProcessRunner.run(python, [
            support.appendingPathComponent("synapse_seed.py").path, TestEnvironment.repositoryRoot.appendingPathComponent("fixtures/demo.json").path,
            "--salt", "release-\(UUID().uuidString.prefix(8))", "--out", seedOut,
        ], environment: ["PYTHONPATH": support.path])
        try #require(seed.status == 0, "seed: \(seed.stderr)")
        let seeded = try JSON(parsing: String(contentsOfFile: seedOut, encoding: .utf8))
        let addresses = try #require(seeded["addresses"]?.members).compactMap { $0.value.stringValue?.lowercased() }
        let alice = try #require(seeded["addresses"]?["alice"]?.stringValue?.lowercased())
        let bob = try #require(seeded["addresses"]?["bob"]?.stringValue?.lowercased())
        let aliceID = try #require(seeded["users"]?["alice"]?.stringValue)
        let users = try writePrivateFile(addresses.joined(separator: "\n") + "\n", named: "users.txt", in: secrets)
        let tokenFile = try writePrivateFile(adminToken + "\n", named: "admin.token", in: secrets)

        func run(_ arguments: [String]) throws -> ProcessResult { try ProcessRunner.run(binary, arguments, currentDirectory: work) }

        // migrate, with the default mapping built into the binary (no mappings/ anywhere near).
        let migrate = try run(["migrate", "--homeserver", synapse, "--admin-token-file", tokenFile, "--db", "social.sqlite",
                               "--users", users, "--report", "report.json"])
        #expect(migrate.status == 0, "migrate: \(migrate.stdout)\n\(migrate.stderr)")
        #expect(migrate.stdout.contains("mapping decentraland"), "\(migrate.stdout)")

        // export
        let export = try run(["export", "--db", "social.sqlite"])
        #expect(export.status == 0, "\(export.stderr)")
        let state = try JSON(parsing: export.stdout)
        let pairs = try #require(state["friendships"]?.elements)
        #expect(pairs.count == 6, "\(export.stdout)")
        #expect(pairs.contains { $0["users"] == .array([.string(min(alice, bob)), .string(max(alice, bob))]) && $0["status"] == .string("accept") })

        // serve, and a Matrix-token call against it.
        let serve = try RunningProcess(binary, [
            "serve", "--db", "social.sqlite", "--listen", "127.0.0.1:0", "--homeserver", synapse, "--homeserver-token-file", tokenFile,
        ], currentDirectory: work)
        defer { serve.send(SIGKILL) }
        #expect(await serve.waitFor { out, _ in out.contains("listening on ws://") }, "serve: \(serve.stderr)")
        let url = try #require(serve.stdout.split(separator: " ").first { $0.hasPrefix("ws://") }.map(String.init))
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let health = try await http.send(HTTPRequest(method: .get, url: url.replacingOccurrences(of: "ws://", with: "http://") + "health"))
        #expect(String(decoding: health.body, as: UTF8.self) == "ok\n")
        let aliceToken = secrets.appendingPathComponent("alice.token").path
        let login = try ProcessRunner.run(python, [support.appendingPathComponent("synapse_user_token.py").path, aliceID, aliceToken],
                                          environment: ["PYTHONPATH": support.path])
        try #require(login.status == 0, "login: \(login.stderr)")
        let friends = try run(["call", "GetFriends", "--url", url, "--matrix-token-file", aliceToken])
        #expect(friends.status == 0, "call: \(friends.stderr)")
        #expect(try JSON(parsing: friends.stdout)["friends"]?.elements?.compactMap { $0["address"]?.stringValue } == [bob])
        serve.send(SIGTERM)
        #expect(await serve.wait() == 0, "serve: \(serve.stderr)")

        // Nothing but what was asked for was written where the binary ran.
        let written = Set(try FileManager.default.contentsOfDirectory(atPath: work.path))
        #expect(written.isSubset(of: ["social.sqlite", "social.sqlite-wal", "social.sqlite-shm", "report.json"]), "\(written)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: bin.path) == ["social-bridge"])
    }
}
