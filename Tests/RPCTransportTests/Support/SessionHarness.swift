import Protobuf
import RPCTransport
import Testing

/// One in-memory session plus the client-side helpers the tests speak through.
struct SessionHarness {
    let server: RPCServer
    let fixture: TestFixture
    let channel = TestChannel()
    let session: RPCSession

    init(server: RPCServer, fixture: TestFixture, connectionID: UInt64 = 1) {
        self.server = server
        self.fixture = fixture
        session = server.makeSession(channel: channel, connectionID: connectionID)
    }

    /// A fresh server (port ids from 1) with the test service and one session on it.
    static func make(
        configuration: RPCServerConfiguration = RPCServerConfiguration(), observer: (any RPCSessionObserver)? = nil,
        gate: Gate = Gate()
    ) -> SessionHarness {
        let fixture = TestFixture()
        let server = RPCServer(
            service: fixture.service, authenticator: TestAuthenticator(gate: gate), observer: observer,
            configuration: configuration)
        return SessionHarness(server: server, fixture: fixture)
    }

    /// Another connection on the same server.
    func sibling(connectionID: UInt64) -> SessionHarness {
        SessionHarness(server: server, fixture: fixture, connectionID: connectionID)
    }

    func send<M: ProtoMessage>(_ message: M) { session.receive(message.serializedBytes()) }
    func sendRaw(_ bytes: [UInt8]) { session.receive(bytes) }

    func next(sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestChannel.Event {
        try #require(await channel.next(), "the session sent nothing", sourceLocation: sourceLocation)
    }

    /// The next event, which must be a frame of type `type`, decoded as `M`.
    func frame<M: ProtoMessage>(
        _ type: RpcMessageTypes, as _: M.Type = M.self, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> M {
        let event = try await next(sourceLocation: sourceLocation)
        guard case .frame(let bytes) = event else {
            Issue.record("expected a \(type) frame, got \(event)", sourceLocation: sourceLocation)
            throw HarnessError.unexpected
        }
        let header = try RpcMessageHeader(serializedBytes: bytes)
        #expect(MessageIdentifier.type(of: header.messageIdentifier) == type, "got \(event)", sourceLocation: sourceLocation)
        return try M(serializedBytes: bytes)
    }

    /// Sends a valid credential and expects SERVER_READY.
    func authenticate(_ identity: String = "0xAbC") async throws {
        session.receive(Array("token:\(identity)".utf8))
        let event = try await next()
        #expect(event == .frame([0x0D, 0x00, 0x00, 0x00, 0x58]))
    }

    func openPort(number: UInt32, name: String = "test-port") async throws -> UInt32 {
        send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, number), portName: name))
        let response: CreatePortResponse = try await frame(.createPortResponse)
        #expect(MessageIdentifier.number(of: response.messageIdentifier) == number)
        return response.portID
    }

    func loadModule(port: UInt32, number: UInt32, name: String = "TestService") async throws -> RequestModuleResponse {
        send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, number), portID: port, moduleName: name))
        return try await frame(.requestModuleResponse)
    }

    /// Authenticated, with a port whose module is loaded.
    func ready() async throws -> UInt32 {
        try await authenticate()
        let port = try await openPort(number: 1)
        _ = try await loadModule(port: port, number: 2)
        return port
    }

    func call<M: ProtoMessage>(_ procedure: UInt32, _ request: M, port: UInt32, number: UInt32) {
        send(Request(
            messageIdentifier: MessageIdentifier.make(.request, number), portID: port, procedureID: procedure,
            payload: request.serializedBytes()))
    }

    func ack(port: UInt32, number: UInt32, sequence: UInt32) {
        send(StreamMessage(
            messageIdentifier: MessageIdentifier.make(.streamAck, number), portID: port, sequenceID: sequence, ack: true))
    }

    func cancelStream(port: UInt32, number: UInt32, sequence: UInt32) {
        send(StreamMessage(
            messageIdentifier: MessageIdentifier.make(.streamMessage, number), portID: port, sequenceID: sequence, closed: true))
    }

    /// Calls Echo and expects its response as the very next frame: proves nothing else was queued before it.
    func probe(port: UInt32, number: UInt32, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        call(TestProcedure.echo, TestEcho(text: "probe", number: Int64(number)), port: port, number: number)
        let response: Response = try await frame(.response, sourceLocation: sourceLocation)
        #expect(MessageIdentifier.number(of: response.messageIdentifier) == number, sourceLocation: sourceLocation)
        #expect(try TestEcho(serializedBytes: response.payload) == TestEcho(text: "probe", number: Int64(number)),
                sourceLocation: sourceLocation)
    }
}

enum HarnessError: Error { case unexpected }
