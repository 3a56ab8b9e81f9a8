import Protobuf
import Testing
@testable import RPCTransport

/// Server streams per §1.9: offer, one element in flight, consecutive ids, close, cancel at any time.
@Suite struct SessionStreamTests {
    private func element(_ harness: SessionHarness, number: UInt32, port: UInt32, sequence: UInt32) async throws -> TestEcho {
        let message: StreamMessage = try await harness.frame(.streamMessage)
        #expect(message.messageIdentifier == MessageIdentifier.make(.streamMessage, number))
        #expect(message.portID == port)
        #expect(message.sequenceID == sequence)
        #expect(!message.closed && !message.ack)
        return try TestEcho(serializedBytes: message.payload)
    }

    private func offer(_ harness: SessionHarness, number: UInt32, port: UInt32) async throws {
        let offer: StreamMessage = try await harness.frame(.streamMessage)
        #expect(offer == StreamMessage(messageIdentifier: MessageIdentifier.make(.streamMessage, number), portID: port))
    }

    @Test func fullStreamWithAcksAndServerClose() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.count, TestEcho(number: 3), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        for sequence in UInt32(1)...3 {
            harness.ack(port: port, number: 4, sequence: sequence - 1)
            #expect(try await element(harness, number: 4, port: port, sequence: sequence).number == Int64(sequence))
        }
        harness.ack(port: port, number: 4, sequence: 3)
        let close: StreamMessage = try await harness.frame(.streamMessage)
        #expect(close == StreamMessage(
            messageIdentifier: MessageIdentifier.make(.streamMessage, 4), portID: port, sequenceID: 3, closed: true))
    }

    @Test func emptyStreamClosesWithSequenceZero() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.count, TestEcho(number: 0), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(try await harness.next() == .frame([0x0D, 0x04, 0x00, 0x00, 0x18, 0x15, UInt8(port), 0, 0, 0, 0x38, 0x01]))
    }

    @Test func oneElementInFlight() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.count, TestEcho(number: 100), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        // Before the offer's ACK the handler's stream exists but nothing is pulled from it.
        try await harness.probe(port: port, number: 5)
        #expect(harness.fixture.pulls.value == 0)
        harness.ack(port: port, number: 4, sequence: 0)
        _ = try await element(harness, number: 4, port: port, sequence: 1)
        // Without an ACK for 1, element 2 is neither sent nor pulled.
        try await harness.probe(port: port, number: 6)
        #expect(harness.fixture.pulls.value == 1)
        // An ACK for a different sequence id does not release it either.
        harness.ack(port: port, number: 4, sequence: 5)
        try await harness.probe(port: port, number: 7)
        #expect(harness.fixture.pulls.value == 1)
        harness.ack(port: port, number: 4, sequence: 1)
        _ = try await element(harness, number: 4, port: port, sequence: 2)
        #expect(harness.fixture.pulls.value == 2)
    }

    @Test func ackArrivingBeforeTheWaitIsNotLost() async throws {
        // STREAM_MESSAGE with ack=true (type 3) counts as an ACK too.
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.count, TestEcho(number: 2), port: port, number: 4)
        harness.send(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamMessage, 4), portID: port, ack: true))
        try await offer(harness, number: 4, port: port)
        _ = try await element(harness, number: 4, port: port, sequence: 1)
    }

    @Test func theHandlerRunsBeforeTheOfferAndWhatArrivesBeforeAckZeroWaitsInOrder() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        // The subscription exists as soon as the offer can be seen...
        #expect(events.started == 1)
        // ...so events committed before the client's first ACK are kept, in order.
        for text in ["a", "b", "c"] { events.yield(TestEcho(text: text)) }
        try await harness.probe(port: port, number: 5)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(try await element(harness, number: 4, port: port, sequence: 1).text == "a")
        harness.ack(port: port, number: 4, sequence: 1)
        #expect(try await element(harness, number: 4, port: port, sequence: 2).text == "b")
        harness.ack(port: port, number: 4, sequence: 2)
        #expect(try await element(harness, number: 4, port: port, sequence: 3).text == "c")
    }

    @Test func refusingTheOfferEndsTheHandlersStreamAtOnce() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.cancelStream(port: port, number: 4, sequence: 0)
        // Synchronously: terminated before the refusal's `receive` returned.
        #expect(events.terminated == 1)
        harness.ack(port: port, number: 4, sequence: 0)
        try await harness.probe(port: port, number: 5)
        // The same number may be used again at once.
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        events.yield(TestEcho(text: "second"))
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(try await element(harness, number: 4, port: port, sequence: 1).text == "second")
    }

    @Test func destroyPortOrSocketCloseBeforeAckZeroEndTheStreamAtOnce() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.send(DestroyPort(messageIdentifier: MessageIdentifier.make(.destroyPort, 0), portID: port))
        #expect(events.terminated == 1)
        let other = try await harness.openPort(number: 6)
        _ = try await harness.loadModule(port: other, number: 7)
        harness.call(TestProcedure.events, TestEmpty(), port: other, number: 8)
        try await offer(harness, number: 8, port: other)
        harness.session.channelClosed()
        #expect(events.terminated == 2)
    }

    @Test func theOfferWaitsForTheHandlersSetupAndAnEarlyAckCounts() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.gatedEvents, TestEmpty(), port: port, number: 4)
        // An eager client acknowledges before it even saw the offer.
        harness.ack(port: port, number: 4, sequence: 0)
        try await harness.probe(port: port, number: 5)  // no offer yet: the setup is still running
        harness.fixture.openGate.open()
        try await offer(harness, number: 4, port: port)
        #expect(events.started == 1)
        events.yield(TestEcho(text: "first"))
        #expect(try await element(harness, number: 4, port: port, sequence: 1).text == "first")
    }

    @Test func cancelDuringTheSetupSendsNoOfferAndEndsTheStream() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.gatedEvents, TestEmpty(), port: port, number: 4)
        harness.cancelStream(port: port, number: 4, sequence: 0)
        harness.fixture.openGate.open()
        #expect(await events.waitUntil { $0.started == 1 && $0.terminated == 1 })
        try await harness.probe(port: port, number: 5)
    }

    @Test func cancelAfterTheFirstElementWhileAwaitingItsAck() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(await events.waitUntil { $0.started == 1 })
        events.yield(TestEcho(text: "first"))
        #expect(try await element(harness, number: 4, port: port, sequence: 1).text == "first")
        events.yield(TestEcho(text: "second"))
        harness.cancelStream(port: port, number: 4, sequence: 1)
        #expect(await events.waitUntil { $0.terminated == 1 })
        try await harness.probe(port: port, number: 5)
    }

    @Test func cancelWhileWaitingOnTheEventSourceWhateverTheSequenceId() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(await events.waitUntil { $0.started == 1 })
        events.yield(TestEcho(text: "first"))
        _ = try await element(harness, number: 4, port: port, sequence: 1)
        harness.ack(port: port, number: 4, sequence: 1)
        try await harness.probe(port: port, number: 5)
        // Now the server waits on the event source, not on an ACK; the reference would drop this close.
        harness.cancelStream(port: port, number: 4, sequence: 42)
        #expect(await events.waitUntil { $0.terminated == 1 })
        events.yield(TestEcho(text: "too late"))
        try await harness.probe(port: port, number: 6)
    }

    @Test func handlerSetupErrorArrivesAfterTheOffersAck() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.setupFail, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error == RemoteError(messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, 4), errorMessage: "setup failed"))
    }

    @Test func streamErrorAfterAnElementIsARemoteError() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.failAfterOne, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(try await element(harness, number: 4, port: port, sequence: 1).text == "one")
        harness.ack(port: port, number: 4, sequence: 1)
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error.errorMessage == "stream failed")
    }

    @Test func undecodableStreamPayloadIsARemoteErrorAfterTheOffer() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.send(Request(
            messageIdentifier: MessageIdentifier.make(.request, 4), portID: port, procedureID: TestProcedure.count,
            payload: [0x10]))
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error.errorMessage.hasPrefix("Invalid request payload"))
    }

    @Test func destroyPortStopsItsStreamsOnly() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let other = try await harness.openPort(number: 10)
        _ = try await harness.loadModule(port: other, number: 11)
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(await events.waitUntil { $0.started == 1 })
        harness.call(TestProcedure.count, TestEcho(number: 5), port: other, number: 12)
        try await offer(harness, number: 12, port: other)
        harness.send(DestroyPort(messageIdentifier: MessageIdentifier.make(.destroyPort, 0), portID: port))
        #expect(await events.waitUntil { $0.terminated == 1 })
        harness.ack(port: other, number: 12, sequence: 0)
        _ = try await element(harness, number: 12, port: other, sequence: 1)
    }

    @Test func socketCloseTerminatesEveryStream() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        for number in UInt32(4)...6 {
            harness.call(TestProcedure.events, TestEmpty(), port: port, number: number)
            try await offer(harness, number: number, port: port)
            harness.ack(port: port, number: number, sequence: 0)
        }
        #expect(await events.waitUntil { $0.started == 3 })
        harness.session.channelClosed()
        #expect(await events.waitUntil { $0.terminated == 3 })
        #expect(await harness.channel.next(timeout: .milliseconds(50)) == nil)
    }

    @Test func violationTerminatesStreams() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(await events.waitUntil { $0.started == 1 })
        harness.sendRaw([0xFF])
        #expect(try await harness.next() == .close(1011, "RPC transport closed"))
        #expect(await events.waitUntil { $0.terminated == 1 })
    }

    @Test func finishedSourceClosesTheStream() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(await events.waitUntil { $0.started == 1 })
        events.yield(TestEcho(text: "a"))
        _ = try await element(harness, number: 4, port: port, sequence: 1)
        events.finish()
        harness.ack(port: port, number: 4, sequence: 1)
        let close: StreamMessage = try await harness.frame(.streamMessage)
        #expect(close.closed && close.sequenceID == 1)
    }

    @Test func reusedMessageNumberReplacesTheOldStream() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        let events = harness.fixture.events
        harness.call(TestProcedure.events, TestEmpty(), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(await events.waitUntil { $0.started == 1 })
        harness.call(TestProcedure.count, TestEcho(number: 1), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        #expect(await events.waitUntil { $0.terminated == 1 })
        harness.ack(port: port, number: 4, sequence: 0)
        #expect(try await element(harness, number: 4, port: port, sequence: 1).number == 1)
        harness.ack(port: port, number: 4, sequence: 1)
        let close: StreamMessage = try await harness.frame(.streamMessage)
        #expect(close.closed && close.sequenceID == 1)
    }

    @Test func streamsOnSeveralPortsAndNumbersAreIndependent() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.call(TestProcedure.count, TestEcho(number: 2), port: port, number: 4)
        try await offer(harness, number: 4, port: port)
        harness.call(TestProcedure.count, TestEcho(number: 2), port: port, number: 5)
        try await offer(harness, number: 5, port: port)
        harness.ack(port: port, number: 5, sequence: 0)
        _ = try await element(harness, number: 5, port: port, sequence: 1)
        // Cancelling 5 leaves 4 untouched.
        harness.cancelStream(port: port, number: 5, sequence: 1)
        harness.ack(port: port, number: 4, sequence: 0)
        _ = try await element(harness, number: 4, port: port, sequence: 1)
        // A cancel naming the wrong port does not reach stream 4.
        harness.cancelStream(port: port + 1000, number: 4, sequence: 1)
        harness.ack(port: port, number: 4, sequence: 1)
        _ = try await element(harness, number: 4, port: port, sequence: 2)
    }
}
