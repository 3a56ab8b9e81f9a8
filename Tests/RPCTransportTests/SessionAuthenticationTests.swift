import Foundation
import Protobuf
import Testing
@testable import RPCTransport

/// First frame = credential; SERVER_READY first; 3003; 3004; frames queued while authenticating.
@Suite struct SessionAuthenticationTests {
    @Test func successSendsServerReadyFirstAndBindsIdentity() async throws {
        let harness = SessionHarness.make()
        try await harness.authenticate("0xAbCdEf")
        let port = try await harness.openPort(number: 1)
        _ = try await harness.loadModule(port: port, number: 2)
        harness.call(TestProcedure.whoAmI, TestEmpty(), port: port, number: 3)
        let response: Response = try await harness.frame(.response)
        #expect(try TestEcho(serializedBytes: response.payload) == TestEcho(text: "0xabcdef", number: 1))
    }

    @Test func binaryOrTextCredentialBytesAreTheSame() async throws {
        // The adapter hands text frames over as their UTF-8 bytes; the session sees only bytes.
        let harness = SessionHarness.make()
        harness.sendRaw(Array("token:0x1".utf8))
        #expect(try await harness.next() == .frame(RpcMessageHeader.serverReady.serializedBytes()))
    }

    @Test func refusedCredentialClosesWith3003AndSendsNothingElse() async throws {
        let harness = SessionHarness.make()
        harness.sendRaw(Array("{\"not\":\"valid\"}".utf8))
        #expect(try await harness.next() == .close(3003, "Unauthorized"))
        #expect(harness.session.isClosed)
        // Later frames are ignored.
        harness.send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "p"))
        #expect(await harness.channel.next(timeout: .milliseconds(100)) == nil)
    }

    @Test func noCredentialWithinTimeoutClosesWith3004() async throws {
        let harness = SessionHarness.make(configuration: RPCServerConfiguration(authenticationTimeout: .milliseconds(50)))
        #expect(try await harness.next() == .close(3004, "Authorization timeout"))
        #expect(harness.session.isClosed)
    }

    @Test func authenticationStillRunningAtTimeoutClosesWith3004() async throws {
        let gate = Gate()
        let harness = SessionHarness.make(
            configuration: RPCServerConfiguration(authenticationTimeout: .milliseconds(50)), gate: gate)
        harness.sendRaw(Array("gate:0x1".utf8))
        #expect(try await harness.next() == .close(3004, "Authorization timeout"))
        gate.open()
        // The late verdict sends nothing: no SERVER_READY after a close.
        #expect(await harness.channel.next(timeout: .milliseconds(100)) == nil)
    }

    @Test func sessionsWaitingForAuthenticationAreCountedUntilTheyAuthenticateOrClose() async throws {
        let gate = Gate()
        let first = SessionHarness.make(
            configuration: RPCServerConfiguration(authenticationTimeout: .seconds(30), maxPendingAuthentication: 3), gate: gate)
        let server = first.server
        let second = first.sibling(connectionID: 2), third = first.sibling(connectionID: 3)
        #expect(server.pendingAuthenticationCount == 3)
        #expect(!server.admitsUnauthenticatedConnection)
        // Verifying still counts as waiting.
        first.sendRaw(Array("gate:0x1".utf8))
        try await Task.sleep(for: .milliseconds(20))
        #expect(server.pendingAuthenticationCount == 3)
        gate.open()
        #expect(try await first.next() == .frame(RpcMessageHeader.serverReady.serializedBytes()))
        #expect(server.pendingAuthenticationCount == 2)
        #expect(server.admitsUnauthenticatedConnection)
        second.sendRaw(Array("refused".utf8))
        #expect(try await second.next() == .close(3003, "Unauthorized"))
        #expect(server.pendingAuthenticationCount == 1)
        third.session.channelClosed()
        third.session.channelClosed()
        #expect(server.pendingAuthenticationCount == 0)
        first.session.channelClosed()
        #expect(server.pendingAuthenticationCount == 0)
    }

    @Test func successfulAuthenticationCancelsTheTimer() async throws {
        // Generous timeout so a loaded machine cannot make authentication lose the race; the check is on state.
        let harness = SessionHarness.make(configuration: RPCServerConfiguration(authenticationTimeout: .seconds(30)))
        #expect(harness.session.state.withLock { $0.authenticationTimer != nil })
        try await harness.authenticate()
        #expect(harness.session.state.withLock { $0.authenticationTimer == nil })
        #expect(!harness.session.isClosed)
        #expect(try await harness.openPort(number: 1) == 1)
    }

    @Test func framesDuringAuthenticationAreQueuedInOrder() async throws {
        let gate = Gate()
        let harness = SessionHarness.make(gate: gate)
        harness.sendRaw(Array("gate:0x1".utf8))
        harness.send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "a"))
        // The port id is known in advance: this server's first port is 1.
        harness.send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: 1, moduleName: "TestService"))
        harness.call(TestProcedure.echo, TestEcho(text: "early"), port: 1, number: 3)
        #expect(await harness.channel.next(timeout: .milliseconds(100)) == nil, "nothing before authentication ends")
        gate.open()
        #expect(try await harness.next() == .frame([0x0D, 0x00, 0x00, 0x00, 0x58]))
        let created: CreatePortResponse = try await harness.frame(.createPortResponse)
        #expect(created.portID == 1)
        let module: RequestModuleResponse = try await harness.frame(.requestModuleResponse)
        #expect(module.procedures.count == TestProcedure.total)
        let response: Response = try await harness.frame(.response)
        #expect(try TestEcho(serializedBytes: response.payload).text == "early")
    }

    @Test func tooManyQueuedFramesCloseTheTransport() async throws {
        let gate = Gate()
        let harness = SessionHarness.make(
            configuration: RPCServerConfiguration(maxQueuedFramesDuringAuthentication: 2), gate: gate)
        harness.sendRaw(Array("gate:0x1".utf8))
        for number in 1...3 {
            harness.send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, UInt32(number)), portName: "p"))
        }
        #expect(try await harness.next() == .close(1011, "RPC transport closed"))
        gate.open()
    }

    @Test func observerSeesAuthenticatedActivityAndClosedOnce() async throws {
        let observer = RecordingObserver()
        let harness = SessionHarness.make(observer: observer)
        try await harness.authenticate("0xA")
        _ = try await harness.openPort(number: 1)
        harness.session.channelClosed()
        harness.session.channelClosed()
        let context = RPCContext(identity: "0xa", connectionID: 1)
        #expect(observer.events == [.authenticated(context), .activity(context), .closed(context)])
    }

    @Test func observerIsNotToldAboutUnauthenticatedSessions() async throws {
        let observer = RecordingObserver()
        let harness = SessionHarness.make(observer: observer)
        harness.sendRaw(Array("nope".utf8))
        #expect(try await harness.next() == .close(3003, "Unauthorized"))
        harness.session.channelClosed()
        #expect(observer.events.isEmpty)
    }
}

/// Records observer callbacks in order.
final class RecordingObserver: RPCSessionObserver, @unchecked Sendable {
    enum Event: Equatable {
        case authenticated(RPCContext)
        case activity(RPCContext)
        case closed(RPCContext)
    }

    private let lock = NSLock()
    private var recorded: [Event] = []

    var events: [Event] { lock.lock(); defer { lock.unlock() }; return recorded }

    private func record(_ event: Event) { lock.lock(); recorded.append(event); lock.unlock() }
    func sessionAuthenticated(_ context: RPCContext) { record(.authenticated(context)) }
    func sessionActivity(_ context: RPCContext) { record(.activity(context)) }
    func sessionClosed(_ context: RPCContext) { record(.closed(context)) }
}
