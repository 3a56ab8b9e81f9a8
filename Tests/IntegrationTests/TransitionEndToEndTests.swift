import BridgeTestSupport
import Foundation
import Testing

/// `serve --sync appservice|poll --mirror` against the live Synapse of the test scripts, registered with
/// the file `generate-registration` wrote (Tests/Support/test-all.sh does both before Synapse starts):
/// legacy clients and RPC clients on both sides, the bridge stopped, kill -9ed and restarted, the
/// homeserver stopped and started (Tests/Support/transition_e2e.py).
enum TransitionEnvironment {
    static var registration: String? { ProcessInfo.processInfo.environment["SOCIALBRIDGE_APPSERVICE_REGISTRATION"].flatMap { $0.isEmpty ? nil : $0 } }
    static var port: String? { ProcessInfo.processInfo.environment["SOCIALBRIDGE_APPSERVICE_PORT"].flatMap { $0.isEmpty ? nil : $0 } }
    static var available: Bool { TestEnvironment.hasLiveSynapse && registration != nil && port != nil }
    static let missingReason: Comment = "needs a live Synapse with the bridge's appservice registration (SOCIALBRIDGE_APPSERVICE_REGISTRATION, SOCIALBRIDGE_APPSERVICE_PORT): run Tests/Support/test-all.sh"
}

@Suite(.serialized, .enabled(if: TransitionEnvironment.available, TransitionEnvironment.missingReason))
struct TransitionEndToEndTests {

    @Test(arguments: ["round_trip", "rpc_creates_one_room", "block_mirror", "appservice_api", "legacy_while_down",
                      "kill_after_answer", "homeserver_down", "poll", "poll_mirror", "room_upgrade"])
    func scenario(_ name: String) async throws {
        let python = try #require(TestEnvironment.python)
        let binary = TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/social-bridge").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the social-bridge product first")
        let support = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support")
        let arguments = [support.appendingPathComponent("transition_e2e.py").path, "--binary", binary,
                         "--repo", TestEnvironment.repositoryRoot.path, "--port", try #require(TransitionEnvironment.port),
                         "--registration", try #require(TransitionEnvironment.registration), "--scenario", name]
        let result = try await Task.detached {
            try ProcessRunner.run(python, arguments, environment: ["PYTHONPATH": support.path])
        }.value
        print(result.stdout)
        if result.status != 0 { print(result.stderr) }
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS \(name)"))
    }
}
