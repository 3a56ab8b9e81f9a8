import Protobuf
import Testing
import WebSocket
@testable import RPCTransport

/// The transport over real sockets (`RPCWebSocketServer` on `WebSocketServer`), driven by a Swift client.
@Suite struct RPCLiveServerTests {
    @Test func fullConversation() async throws {
        let result: [Int64] = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking {
                let client = try LoopbackWebSocketClient(port: port)
                let portID = try client.handshake()
                guard try client.echo("hi", port: portID, number: 3) == TestEcho(text: "hi") else { throw HarnessError.unexpected }
                try client.send(Request(
                    messageIdentifier: MessageIdentifier.make(.request, 4), portID: portID, procedureID: TestProcedure.count,
                    payload: TestEcho(number: 3).serializedBytes()))
                let offer: StreamMessage = try client.expect(.streamMessage)
                guard offer.sequenceID == 0, offer.payload.isEmpty else { throw HarnessError.unexpected }
                var numbers: [Int64] = []
                var sequence: UInt32 = 0
                while true {
                    try client.send(StreamMessage(
                        messageIdentifier: MessageIdentifier.make(.streamAck, 4), portID: portID, sequenceID: sequence, ack: true))
                    let message: StreamMessage = try client.expect(.streamMessage)
                    if message.closed {
                        guard message.sequenceID == sequence else { throw HarnessError.unexpected }
                        break
                    }
                    sequence = message.sequenceID
                    numbers.append(try TestEcho(serializedBytes: message.payload).number)
                }
                return numbers
            }
        }
        #expect(result == [1, 2, 3])
    }

    @Test func refusedCredentialClosesWith3003() async throws {
        let frame = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking {
                let client = try LoopbackWebSocketClient(port: port)
                try client.sendBinary(Array("{}".utf8))
                return try client.receive()
            }
        }
        #expect(frame.closeCode == 3003)
        #expect(frame.closeReason == "Unauthorized")
    }

    @Test func silenceClosesWith3004() async throws {
        let configuration = RPCServerConfiguration(authenticationTimeout: .milliseconds(100))
        let frame = try await LiveServer.with(configuration: configuration) { live in
            let port = live.port
            return try await runBlocking { try LoopbackWebSocketClient(port: port).receive() }
        }
        #expect(frame.closeCode == 3004)
        #expect(frame.closeReason == "Authorization timeout")
    }

    @Test func violationClosesWith1011AndOthersKeepWorking() async throws {
        let (close, echoed) = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking {
                let good = try LoopbackWebSocketClient(port: port)
                let goodPort = try good.handshake(identity: "0xgood")
                let bad = try LoopbackWebSocketClient(port: port)
                _ = try bad.handshake(identity: "0xbad")
                try bad.send(RpcMessageHeader(messageIdentifier: MessageIdentifier.make(.serverReady, 0)))
                let close = try bad.receive()
                return (close, try good.echo("still here", port: goodPort, number: 3))
            }
        }
        #expect(close.closeCode == 1011)
        #expect(close.closeReason == "RPC transport closed")
        #expect(echoed.text == "still here")
    }

    @Test func socketCloseEndsTheSessionAndItsStreams() async throws {
        try await LiveServer.with { live in
            let port = live.port
            try await runBlocking {
                let client = try LoopbackWebSocketClient(port: port)
                let portID = try client.handshake()
                try client.send(Request(
                    messageIdentifier: MessageIdentifier.make(.request, 3), portID: portID, procedureID: TestProcedure.events))
                let _: StreamMessage = try client.expect(.streamMessage)
                try client.send(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamAck, 3), portID: portID, ack: true))
                _ = try client.echo("sync", port: portID, number: 4)
                client.closeSocket()
            }
            let events = live.fixture.events
            #expect(await events.waitUntil { $0.started == 1 && $0.terminated == 1 })
            #expect(await events.waitUntil { _ in live.handler.sessionCount == 0 })
        }
    }

    @Test func benchmarkProducesFigures() async throws {
        let result = try await RPCBenchmark.run(iterations: 50, warmup: 5)
        #expect(result.iterations == 50)
        #expect(result.unary.median > 0)
        #expect(result.ping.median > 0)
        #expect(result.description.contains("unary / ping"))
    }
}

/// The footprint measurement runs and reports a figure (no threshold: figures are for the README).
@Suite struct RPCFootprintTests {
    @Test func footprintOfIdleSessions() async throws {
        let footprint = await RPCBenchmark.idleSessionFootprint(sessions: 2_000)
        #expect(footprint.sessions == 2_000)
        #expect(footprint.description.contains("bytes per session"))
        print(footprint)
    }
}
