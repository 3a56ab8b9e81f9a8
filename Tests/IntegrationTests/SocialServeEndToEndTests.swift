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
    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func pythonClientScenarios() async throws {
        let python = try #require(TestEnvironment.python)
        let directory = try makeTemporaryDirectory("social-e2e")
        let store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
        let server = SocialServer(
            store: store, authenticator: PlainAddressAuthenticator(),
            configuration: .init(host: "127.0.0.1", port: 0, awayAfterMilliseconds: nil), log: .silent)
        let port = try server.start()
        defer { server.stop() }
        let support = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support")
        let result = try await Task.detached {
            try ProcessRunner.run(python, [
                support.appendingPathComponent("social_e2e.py").path,
                "--url", "ws://127.0.0.1:\(port)/", "--repo", TestEnvironment.repositoryRoot.path, "--auth", "plain",
            ], environment: ["PYTHONPATH": support.path])
        }.value
        print(result.stdout)
        if result.status != 0 { print(result.stderr) }
        #expect(result.status == 0)
        for scenario in ["procedures", "request_accept_delete", "reject_cancel", "block_while_friends", "pagination", "presence"] {
            #expect(result.stdout.contains("PASS \(scenario)"))
        }
    }
}
