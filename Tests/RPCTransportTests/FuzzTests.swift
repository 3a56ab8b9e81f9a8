import Foundation
import Protobuf
import Testing
@testable import RPCTransport

/// Random and mutated transport frames (100,000 at a live server, 25,000 more hostile ones in memory):
/// sessions under attack end only with 1011 (or keep answering with well-formed messages), never crash,
/// leak no stream, and a well-behaved connection keeps working.
@Suite struct FuzzTests {
    static let credential = Array("token:0xfuzz".utf8)

    @Test func hostileFramesInMemory() async throws {
        let fixture = TestFixture()
        fixture.slowGate.open()
        let server = RPCServer(service: fixture.service, authenticator: TestAuthenticator())
        let good = SessionHarness(server: server, fixture: fixture, connectionID: 1)
        let goodPort = try await good.ready()

        let seed = UInt64.random(in: 0...UInt64.max)
        var fuzzer = FrameFuzzer(seed: seed)
        var validator = ServerOutputValidator()
        var thrown = 0, sessions = 0, closedByServer = 0
        while thrown < 25_000 {
            sessions += 1
            let channel = RecordingChannel()
            let session = server.makeSession(channel: channel, connectionID: UInt64(1000 + sessions))
            session.receive(Self.credential)
            await channel.waitForFirstEvent()
            session.receive(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "f").serializedBytes())
            if let port = channel.ports.first {
                session.receive(RequestModule(
                    messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: port, moduleName: "TestService").serializedBytes())
            }
            for _ in 0..<(4 + fuzzer.below(60)) where !session.isClosed {
                session.receive(fuzzer.frame(ports: channel.ports))
                thrown += 1
            }
            if session.isClosed { closedByServer += 1 }
            session.channelClosed()
            let frames = channel.frames
            if frames.first != RpcMessageHeader.serverReady.serializedBytes() { validator.note("SERVER_READY not first") }
            for frame in frames.dropFirst() { validator.validate(frame) }
            for (code, reason) in channel.closeEvents where code != 1011 || reason != "RPC transport closed" {
                validator.note("close \(code) \(reason)")
            }
            if channel.closeEvents.count > 1 { validator.note("closed \(channel.closeEvents.count) times") }
            if channel.framesAfterClose > 0 { validator.note("\(channel.framesAfterClose) frames after close") }
            if validator.problems.count > 20 { break }
        }
        #expect(validator.problems.isEmpty, "seed \(seed): \(validator.problems.prefix(20))")
        #expect(thrown >= 25_000)
        #expect(closedByServer > 0 && closedByServer < sessions, "both outcomes occur: \(closedByServer) of \(sessions) closed")
        #expect(validator.frames > 0)

        // Every Events subscription the fuzz started has terminated (no leaked stream).
        let events = fixture.events
        #expect(await events.waitUntil { $0.terminated == $0.started })
        // The well-behaved connection is unaffected.
        try await good.probe(port: goodPort, number: 100)
        good.call(TestProcedure.count, TestEcho(number: 1), port: goodPort, number: 101)
        let offer: StreamMessage = try await good.frame(.streamMessage)
        #expect(offer.sequenceID == 0)
        good.ack(port: goodPort, number: 101, sequence: 0)
        let element: StreamMessage = try await good.frame(.streamMessage)
        #expect(try TestEcho(serializedBytes: element.payload).number == 1)
    }

    @Test func liveFramesAgainstTheServer() async throws {
        let target = Int(ProcessInfo.processInfo.environment["SOCIALBRIDGE_LIVE_FUZZ_FRAMES"] ?? "") ?? 100_000
        let seed = UInt64.random(in: 0...UInt64.max)
        let (report, echoed) = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking { () -> (LiveFuzzReport, [String]) in
                let good = try LoopbackWebSocketClient(port: port)
                let goodPort = try good.handshake(identity: "0xgood")
                var echoed = [try good.echo("before", port: goodPort, number: 3).text]
                let report = try LiveFuzzReport.runParallel(port: port, frames: target, seed: seed, clients: 4)
                echoed.append(try good.echo("after", port: goodPort, number: 4).text)
                return (report, echoed)
            }
        }
        #expect(report.problems.isEmpty, "seed \(seed): \(report.problems.prefix(20))")
        #expect(report.thrown >= target)
        #expect(report.closed > 0 && report.survived > 0, "closed \(report.closed), survived \(report.survived)")
        #expect(echoed == ["before", "after"])
    }
}

/// The live fuzz loop: per connection, handshake, a burst of fuzz frames, then a sentinel Echo; read until
/// the sentinel's answer (the session survived) or a close (which must be 1011).
struct LiveFuzzReport: Sendable {
    var thrown = 0
    var closed = 0
    var survived = 0
    var problems: [String] = []

    /// Several fuzzing clients at once (on threads of their own), each with its share of the frames.
    static func runParallel(port: Int, frames target: Int, seed: UInt64, clients: Int) throws -> LiveFuzzReport {
        let results = Locked<[Result<LiveFuzzReport, any Error>]>([])
        let group = DispatchGroup()
        for index in 0..<clients {
            group.enter()
            Thread.detachNewThread {
                let outcome = Result { try run(port: port, frames: (target + clients - 1) / clients, seed: seed &+ UInt64(index)) }
                results.withLock { $0.append(outcome) }
                group.leave()
            }
        }
        group.wait()
        var total = LiveFuzzReport()
        for outcome in results.withLock({ $0 }) {
            let report = try outcome.get()
            total.thrown += report.thrown
            total.closed += report.closed
            total.survived += report.survived
            total.problems += report.problems
        }
        return total
    }

    static func run(port: Int, frames target: Int, seed: UInt64) throws -> LiveFuzzReport {
        var report = LiveFuzzReport()
        var fuzzer = FrameFuzzer(seed: seed)
        let sentinelNumber: UInt32 = 0x07FF_FFF0
        while report.thrown < target, report.problems.count < 20 {
            let client = try LoopbackWebSocketClient(port: port)
            let portID = try client.handshake(identity: "0xfuzz")
            var validator = ServerOutputValidator()
            do {
                for _ in 0..<(4 + fuzzer.below(60)) {
                    try client.sendBinary(fuzzer.frame(ports: [portID], hostility: 10))
                    report.thrown += 1
                }
                try client.send(Request(
                    messageIdentifier: MessageIdentifier.make(.request, sentinelNumber), portID: portID,
                    procedureID: TestProcedure.echo, payload: TestEcho(text: "sentinel").serializedBytes()))
            } catch LoopbackWebSocketClient.ClientError.closed {
                // The server may already have dropped the socket after closing; the close frame is still readable.
            }
            reading: while true {
                let frame: LoopbackWebSocketClient.Frame
                do { frame = try client.receive() } catch {
                    report.problems.append("connection ended without a close frame: \(error)")
                    break
                }
                switch frame.opcode {
                case 0x8:
                    if frame.closeCode != 1011 || frame.closeReason != "RPC transport closed" {
                        report.problems.append("close \(String(describing: frame.closeCode)) \(frame.closeReason)")
                    }
                    report.closed += 1
                    break reading
                case 0x2:
                    validator.validate(frame.payload)
                    // The sentinel's answer: a RESPONSE, or a RemoteError when the fuzz destroyed the port.
                    if let header = try? RpcMessageHeader(serializedBytes: frame.payload),
                       MessageIdentifier.number(of: header.messageIdentifier) == sentinelNumber {
                        report.survived += 1
                        break reading
                    }
                default:
                    report.problems.append("unexpected opcode \(frame.opcode)")
                    break reading
                }
            }
            report.problems += validator.problems
            client.closeSocket()
        }
        return report
    }
}
