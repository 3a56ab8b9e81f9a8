import Foundation
import Testing
import BridgeDaemon
import BridgeTestSupport
import RPCTransport
import SocialDomain
import SocialStore

/// Test-only authenticator: the first frame is the caller's address in plain text.
private struct PlainAddressAuthenticator: ConnectionAuthenticator {
    struct Refused: Error {}
    func authenticate(credential: [UInt8]) async throws -> String {
        guard let address = Address(String(decoding: credential, as: UTF8.self)) else { throw Refused() }
        return address.rawValue
    }
}

/// The social RPCs over a real socket, driven by a Python client that knows only the spec and the
/// repository's .proto files (Tests/Support/social_e2e.py).
@Suite(.serialized) struct SocialServeEndToEndTests {
    /// Runs social_e2e.py against a fresh server; returns the script's result.
    private func runScenarios(_ scenarios: [String], awayAfterMilliseconds: Int64?) async throws -> ProcessResult {
        let python = try #require(TestEnvironment.python)
        let directory = try makeTemporaryDirectory("social-e2e")
        let store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
        let server = SocialServer(
            store: store, authenticator: PlainAddressAuthenticator(),
            configuration: .init(host: "127.0.0.1", port: 0, awayAfterMilliseconds: awayAfterMilliseconds), log: .silent)
        let port = try server.start()
        defer { server.stop() }
        let support = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support")
        let arguments = [
            support.appendingPathComponent("social_e2e.py").path,
            "--url", "ws://127.0.0.1:\(port)/", "--repo", TestEnvironment.repositoryRoot.path, "--auth", "plain",
        ] + scenarios.flatMap { ["--scenario", $0] }
        let result = try await Task.detached {
            try ProcessRunner.run(python, arguments, environment: ["PYTHONPATH": support.path])
        }.value
        print(result.stdout)
        if result.status != 0 { print(result.stderr) }
        return result
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func twoAndThreeUserScenarios() async throws {
        let scenarios = ["procedures", "request_accept_delete", "reject_cancel", "block_while_friends", "pagination", "presence"]
        let result = try await runScenarios(scenarios, awayAfterMilliseconds: nil)
        #expect(result.status == 0)
        for scenario in scenarios { #expect(result.stdout.contains("PASS \(scenario)")) }
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func idleFriendShowsAwayThenOnline() async throws {
        let result = try await runScenarios(["away"], awayAfterMilliseconds: 1_000)
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS away"))
    }
}
