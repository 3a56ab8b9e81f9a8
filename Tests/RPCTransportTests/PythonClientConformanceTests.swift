import BridgeTestSupport
import Foundation
import Testing
@testable import RPCTransport

/// An independent client (Python `websockets` + Google `protobuf`, compiling our .proto) against the live server.
@Suite struct PythonClientConformanceTests {
    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func pythonClientSpeaksTheProtocol() async throws {
        let python = try #require(TestEnvironment.python)
        let root = TestEnvironment.repositoryRoot
        let script = root.appendingPathComponent("Tests/Support/rpc_client.py").path
        let proto = root.appendingPathComponent("Sources/SocialProtocol/proto/dcl_rpc_index.proto").path
        let result = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking {
                try ProcessRunner.run(python, [script, "--port", String(port), "--proto", proto])
            }
        }
        #expect(result.status == 0, "rpc_client.py failed:\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("OK "), "\(result.stdout)")
    }
}
