import Foundation
import Protobuf
import WebSocket
@testable import RPCTransport

/// A real `WebSocketServer` on 127.0.0.1 (ephemeral port) running the test service.
final class LiveServer: Sendable {
    let fixture = TestFixture()
    let server: WebSocketServer
    let handler: RPCWebSocketServer
    let port: Int

    init(configuration: RPCServerConfiguration = RPCServerConfiguration()) throws {
        // Live tests never hold "Slow" calls back; fuzzed calls to it must not park forever.
        fixture.slowGate.open()
        handler = RPCWebSocketServer(
            service: fixture.service, authenticator: TestAuthenticator(), configuration: configuration)
        var wsConfiguration = WebSocketServerConfiguration(host: "127.0.0.1", port: 0)
        wsConfiguration.logger = StandardErrorLogger(minimumLevel: .error)
        wsConfiguration.shutdownTimeout = 1
        server = WebSocketServer(configuration: wsConfiguration, handler: handler)
        port = try server.start()
    }

    /// Stops the server on a dispatch thread (shutdown blocks while close handshakes finish).
    func stop() async {
        let server = self.server
        _ = try? await runBlocking { server.shutdown() }
    }

    /// Runs `body` against a fresh server and stops it afterwards, also when `body` throws.
    static func with<T: Sendable>(
        configuration: RPCServerConfiguration = RPCServerConfiguration(), _ body: (LiveServer) async throws -> T
    ) async throws -> T {
        let live = try LiveServer(configuration: configuration)
        do {
            let result = try await body(live)
            await live.stop()
            return result
        } catch {
            await live.stop()
            throw error
        }
    }
}

/// Runs blocking socket code on a thread of its own: blocking a dispatch worker would starve the
/// cooperative pool (which shares dispatch's worker threads on Linux) that the server's tasks need.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}

extension LoopbackWebSocketClient {
    /// Sends a transport message as a binary frame.
    func send<M: ProtoMessage>(_ message: M) throws { try sendBinary(message.serializedBytes()) }

    /// The next binary frame decoded as `M`, checking its type.
    func expect<M: ProtoMessage>(_ type: RpcMessageTypes, as _: M.Type = M.self) throws -> M {
        let frame = try receive()
        guard frame.opcode == 0x2 else { throw HarnessError.unexpected }
        let header = try RpcMessageHeader(serializedBytes: frame.payload)
        guard MessageIdentifier.type(of: header.messageIdentifier) == type else { throw HarnessError.unexpected }
        return try M(serializedBytes: frame.payload)
    }

    /// Authenticates, opens a port and loads the test module; returns the port id.
    func handshake(identity: String = "0xLive") throws -> UInt32 {
        try sendText("token:\(identity)")
        let ready = try receive()
        guard ready == Frame(opcode: 0x2, payload: [0x0D, 0x00, 0x00, 0x00, 0x58]) else { throw HarnessError.unexpected }
        try send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "live"))
        let port: CreatePortResponse = try expect(.createPortResponse)
        try send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: port.portID, moduleName: "TestService"))
        let module: RequestModuleResponse = try expect(.requestModuleResponse)
        guard module.procedures.count == TestProcedure.total else { throw HarnessError.unexpected }
        return port.portID
    }

    /// Calls Echo and returns the echoed message.
    func echo(_ text: String, port: UInt32, number: UInt32) throws -> TestEcho {
        try send(Request(
            messageIdentifier: MessageIdentifier.make(.request, number), portID: port, procedureID: TestProcedure.echo,
            payload: TestEcho(text: text).serializedBytes()))
        let response: Response = try expect(.response)
        guard response.messageIdentifier == MessageIdentifier.make(.response, number) else { throw HarnessError.unexpected }
        return try TestEcho(serializedBytes: response.payload)
    }
}
