import Protobuf
import Testing
@testable import RPCTransport

/// Protocol violations close the transport with 1011 "RPC transport closed".
@Suite struct SessionViolationTests {
    private static let closed = TestChannel.Event.close(1011, "RPC transport closed")

    private func expectViolation(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.slow, TestEmpty(), port: port, number: 50)
        harness.sendRaw(bytes)
        #expect(try await harness.next(sourceLocation: sourceLocation) == Self.closed, sourceLocation: sourceLocation)
        #expect(harness.session.isClosed, sourceLocation: sourceLocation)
        // Work in flight is cancelled and nothing follows the close.
        harness.fixture.slowGate.open()
        harness.send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 9), portName: "p"))
        #expect(await harness.channel.next(timeout: .milliseconds(50)) == nil, sourceLocation: sourceLocation)
    }

    @Test(arguments: [UInt32(2), 6, 8, 9, 11])
    func serverOnlyMessageTypesFromTheClient(type: UInt32) async throws {
        try await expectViolation(RpcMessageHeader(messageIdentifier: MessageIdentifier.make(rawType: type, 1)).serializedBytes())
    }

    @Test(arguments: [UInt32(0), 12, 13, 14, 15])
    func typesWithoutMeaning(type: UInt32) async throws {
        try await expectViolation(RpcMessageHeader(messageIdentifier: MessageIdentifier.make(rawType: type, 1)).serializedBytes())
    }

    @Test func emptyFrameIsTypeZero() async throws {
        try await expectViolation([])
    }

    @Test(arguments: [
        [UInt8(0xFF)],                              // truncated varint key
        [0x0D, 0x01, 0x00],                         // truncated fixed32
        [0x08, 0x01],                               // field 1 with the wrong wire type
        [0x0D, 0x01, 0x00, 0x00, 0x08, 0x32, 0x10], // REQUEST whose payload runs past the end
        [0x0D, 0x01, 0x00, 0x00, 0x28, 0x22, 0x01, 0xC3], // CREATE_PORT with a non-UTF-8 name
        [0x0D, 0x01, 0x00, 0x00, 0x08, 0x0F],       // wire type 7
    ])
    func undecodableFrames(bytes: [UInt8]) async throws {
        try await expectViolation(bytes)
    }

    @Test func streamMessagesForUnknownStreamsAreIgnored() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.ack(port: port, number: 77, sequence: 0)
        harness.cancelStream(port: port, number: 78, sequence: 3)
        harness.ack(port: 999, number: 77, sequence: 0)
        try await harness.probe(port: port, number: 4)
    }
}
