import BridgeTestSupport
import CurlHTTP
import Foundation
import MatrixClient
import Testing

/// Access to the live Synapse started by Tests/Support/synapse.sh, seeded once per test process with a
/// tiny fixture under a random salt (so runs never collide).
enum LiveSynapse {
    static var sharedSecret: String? {
        ProcessInfo.processInfo.environment["SOCIALBRIDGE_SYNAPSE_SHARED_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the live tests can run.
    static var isAvailable: Bool {
        TestEnvironment.synapseURL != nil && TestEnvironment.synapseAdminToken != nil && TestEnvironment.python != nil
            && sharedSecret != nil
    }

    static let missingReason: Comment =
        "no live Synapse (SOCIALBRIDGE_SYNAPSE_URL/_ADMIN_TOKEN/_SHARED_SECRET or SOCIALBRIDGE_PYTHON unset): eval \"$(bash Tests/Support/synapse.sh start)\""

    /// The admin client over libcurl.
    static func adminClient() -> (MatrixClient, HTTPCounters) {
        MatrixClient.live(homeserver: TestEnvironment.synapseURL ?? "", accessToken: TestEnvironment.synapseAdminToken ?? "")
    }

    /// What the seeder reported.
    struct Seeded: Decodable, Sendable {
        var users: [String: String]
        var rooms: [String: String]
        var events: [String: String]
        var server_name: String
    }

    static let fixture = #"""
    {"name": "matrixclient-live",
     "users": {"a": {"localpart": "0xaaaa00000000000000000000000000000000000a"},
               "b": {"localpart": "0xbbbb00000000000000000000000000000000000b"}},
     "rooms": [{"label": "dm", "creator": "a", "invite": ["b"], "join": ["b"], "room_version": "10", "actions": [
        {"as": "a", "friendship": "request", "message": "hi", "write": "legacy", "label": "req"},
        {"as": "a", "text": "hello"},
        {"as": "b", "friendship": "accept", "write": "legacy", "label": "acc"}]},
        {"label": "dm12", "creator": "b", "invite": ["a"], "join": ["a"], "alias": null, "actions": [
        {"as": "b", "friendship": "request", "write": "rust"}]}],
     "direct": {"a": {"{user:b}": ["{room:dm}"], "{addr:b}": ["{room:dm12}"]}}}
    """#

    private static let seeding = Task<Seeded, any Error> {
        let directory = try makeTemporaryDirectory("matrix-live")
        let fixtureURL = directory.appendingPathComponent("fixture.json")
        try Data(fixture.utf8).write(to: fixtureURL)
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/synapse_seed.py").path
        let salt = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let result = try ProcessRunner.run(TestEnvironment.python ?? "/usr/bin/false", [script, fixtureURL.path, "--salt", salt])
        guard result.status == 0 else { throw SeedFailure(message: result.stderr) }
        return try JSONDecoder().decode(Seeded.self, from: Data(result.stdout.utf8))
    }

    /// Seeds once and returns the seeder's ids.
    static func seeded() async throws -> Seeded { try await seeding.value }

    struct SeedFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "seeding failed: \(message)" }
    }
}
