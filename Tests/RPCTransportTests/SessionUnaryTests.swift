import Protobuf
import Testing
@testable import RPCTransport

/// REQUEST → RESPONSE / REMOTE_ERROR_RESPONSE.
@Suite struct SessionUnaryTests {
    @Test func echoAnswersWithTheSameMessageNumber() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.echo, TestEcho(text: "hello", number: -5), port: port, number: 0x0100_0001)
        let response: Response = try await harness.frame(.response)
        #expect(response.messageIdentifier == MessageIdentifier.make(.response, 0x0100_0001))
        #expect(try TestEcho(serializedBytes: response.payload) == TestEcho(text: "hello", number: -5))
    }

    @Test func emptyResultOmitsThePayload() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.nothing, TestEmpty(), port: port, number: 3)
        #expect(try await harness.next() == .frame([0x0D, 0x03, 0x00, 0x00, 0x10]))
    }

    @Test func callsRunConcurrentlyAndAnswerOutOfOrder() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.slow, TestEmpty(), port: port, number: 10)
        harness.call(TestProcedure.echo, TestEcho(text: "fast"), port: port, number: 11)
        let fast: Response = try await harness.frame(.response)
        #expect(MessageIdentifier.number(of: fast.messageIdentifier) == 11)
        harness.fixture.slowGate.open()
        let slow: Response = try await harness.frame(.response)
        #expect(MessageIdentifier.number(of: slow.messageIdentifier) == 10)
        #expect(try TestEcho(serializedBytes: slow.payload).text == "slow")
    }

    @Test func procedureBeforeModuleIsMissing() async throws {
        let harness = SessionHarness.make()
        try await harness.authenticate()
        let port = try await harness.openPort(number: 1, name: "social_service")
        harness.call(TestProcedure.echo, TestEcho(), port: port, number: 2)
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error.errorMessage == "procedureId 1 is missing in social_service (\(port)))")
    }

    @Test func unknownProcedureIdIsMissing() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        for (number, id) in [(UInt32(3), UInt32(0)), (4, 34), (5, 0xFFFF_FFFF)] {
            harness.call(id, TestEmpty(), port: port, number: number)
            let error: RemoteError = try await harness.frame(.remoteErrorResponse)
            #expect(error == RemoteError(
                messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, number),
                errorMessage: "procedureId \(id) is missing in test-port (\(port)))"))
        }
    }

    @Test func unknownPortIsInvalidPortId() async throws {
        let harness = SessionHarness.make()
        _ = try await harness.ready()
        harness.call(TestProcedure.echo, TestEcho(), port: 4242, number: 3)
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error == RemoteError(messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, 3), errorMessage: "invalid portId"))
    }

    @Test func undecodablePayloadIsARemoteErrorNotAClose() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.send(Request(
            messageIdentifier: MessageIdentifier.make(.request, 3), portID: port, procedureID: TestProcedure.echo,
            payload: [0x0A, 0x05, 0x61]))
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error.errorMessage.hasPrefix("Invalid request payload"))
        #expect(error.errorCode == 0)
        try await harness.probe(port: port, number: 4)
    }

    @Test func handlerErrorsBecomeRemoteErrors() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.fail, TestEmpty(), port: port, number: 3)
        let chosen: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(chosen == RemoteError(messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, 3), errorMessage: "boom"))
        harness.call(TestProcedure.crash, TestEmpty(), port: port, number: 4)
        let generic: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(generic.errorMessage == "Error processing the request")
    }

    @Test func clientStreamsAreRefusedWithARemoteError() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.send(Request(
            messageIdentifier: MessageIdentifier.make(.request, 3), portID: port, procedureID: TestProcedure.echo, clientStream: 9))
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(MessageIdentifier.number(of: error.messageIdentifier) == 3)
        #expect(!error.errorMessage.isEmpty)
        try await harness.probe(port: port, number: 4)
    }

    @Test func textFramesAfterAuthenticationAreParsedAsProtobuf() async throws {
        // A text frame's bytes reach the session as they are; a CREATE_PORT whose bytes are all ASCII
        // would be accepted, and these bytes are not a message, so the transport closes.
        let harness = SessionHarness.make()
        try await harness.authenticate()
        harness.sendRaw(Array("{\"hello\":1}".utf8))
        #expect(try await harness.next() == .close(1011, "RPC transport closed"))
    }

    @Test func socketCloseCancelsRunningCallsAndDropsTheirAnswers() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.slow, TestEmpty(), port: port, number: 3)
        harness.session.channelClosed()
        harness.fixture.slowGate.open()
        #expect(await harness.channel.next(timeout: .milliseconds(100)) == nil)
    }

    @Test func callsBeyondTheConcurrencyLimitAreRefused() async throws {
        let harness = SessionHarness.make(configuration: RPCServerConfiguration(maxConcurrentCalls: 2))
        let port = try await harness.ready()
        harness.call(TestProcedure.slow, TestEmpty(), port: port, number: 10)
        harness.call(TestProcedure.slow, TestEmpty(), port: port, number: 11)
        harness.call(TestProcedure.echo, TestEcho(text: "third"), port: port, number: 12)
        let refused: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(refused == RemoteError(
            messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, 12), errorMessage: "Too many concurrent requests"))
        harness.fixture.slowGate.open()
        var answered: Set<UInt32> = []
        for _ in 0..<2 {
            let response: Response = try await harness.frame(.response)
            answered.insert(MessageIdentifier.number(of: response.messageIdentifier))
        }
        #expect(answered == [10, 11])
        // Capacity is back once calls finish.
        try await harness.probe(port: port, number: 13)
    }
}
