import BridgeTestSupport
import Foundation
import Testing
@testable import WebSocket

/// Conformance against the independent Python `websockets` client (Tests/Support/ws_client.py).
@Suite(.serialized) struct PythonConformanceTests {
    static let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/ws_client.py").path

    func run(_ scenario: String, port: Int) async throws -> PeerProcess.Result {
        let python = try #require(TestEnvironment.python)
        return try await PeerProcess.run(python, [Self.script, scenario, String(port)])
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)),
          arguments: ["handshake", "echo", "fragments", "ping", "close-codes", "too-large", "unmasked"])
    func scenario(_ name: String) async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let result = try await run(name, port: port)
        #expect(result.status == 0, "\(name): \(result.stdout) \(result.stderr)")
        #expect(result.stdout.hasPrefix("ok"), "\(name): \(result.stdout)")
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func serverPingsKeepIdleConnectionOpen() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler) {
            $0.pingInterval = 0.2
            $0.idleTimeout = 0.6
        }
        defer { server.shutdown() }
        let result = try await run("server-ping", port: port)
        #expect(result.status == 0 && result.stdout.hasPrefix("ok"), "\(result.stdout) \(result.stderr)")
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func slowConsumerIsClosed1011WhileOthersStayResponsive() async throws {
        let handler = EchoHandler()
        let logger = MemoryLogger()
        let (server, port) = try startServer(handler: handler, logger: logger)
        defer { server.shutdown() }
        let result = try await run("backpressure", port: port)
        #expect(result.status == 0 && result.stdout.hasPrefix("ok"), "\(result.stdout) \(result.stderr)")
        #expect(handler.floodSent < 2000)
        #expect(logger.all.contains { $0.contains("outbound buffer over 131072 bytes") && $0.contains("closing 1011") })
    }
}
