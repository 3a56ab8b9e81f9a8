import Testing
@testable import WebSocket

/// Deterministic pseudo-random numbers (SplitMix64) so a failing fuzz run can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum FuzzFailure: Error { case goodClientStalled(Int) }

/// Random and mutated frames: the decoder and the live server must survive them all.
@Suite struct FuzzTests {
    static func hostileFrame(_ rng: inout SplitMix64) -> [UInt8] {
        let opcodes: [WebSocketOpcode] = [.text, .binary, .continuation, .ping, .pong, .close]
        let opcode = opcodes[Int(rng.next() % UInt64(opcodes.count))]
        let length = Int(rng.next() % (rng.next() % 8 == 0 ? 300 : 40))
        var payload = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        if opcode == .text && rng.next() % 2 == 0 { payload = Array(String(repeating: "ok✓", count: length / 5).utf8) }
        var frame = WebSocketFrameEncoder.encode(opcode, payload, fin: rng.next() % 4 != 0,
                                                 maskKey: rng.next() % 16 == 0 ? nil : [1, 2, 3, 4].map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        // Mutate: flip bits in the header or payload, truncate, or append garbage.
        switch rng.next() % 6 {
        case 0: frame[0] ^= UInt8(1 << (rng.next() % 8))
        case 1: if frame.count > 1 { frame[1] ^= UInt8(1 << (rng.next() % 8)) }
        case 2: if !frame.isEmpty { frame[Int(rng.next() % UInt64(frame.count))] = UInt8(truncatingIfNeeded: rng.next()) }
        case 3: frame = Array(frame.prefix(Int(rng.next() % UInt64(frame.count + 1))))
        default: break
        }
        return frame
    }

    @Test func decoderSurvivesRandomInput() async throws {
        let (errors, events) = try await offPool { Self.fuzzDecoder() }
        // Both outcomes occur: the generator makes valid and invalid streams.
        #expect(errors > 0 && events > 0)
    }

    static func fuzzDecoder() -> (errors: Int, events: Int) {
        var rng = SplitMix64(state: 0xC0FFEE)
        var errors = 0, events = 0
        for _ in 0..<1000 {
            var decoder = WebSocketFrameDecoder(maxMessageSize: 4096)
            var stream: [UInt8] = []
            for _ in 0..<50 { stream += Self.hostileFrame(&rng) }
            do {
                // Feed in random-sized chunks.
                var offset = 0
                while offset < stream.count {
                    let size = min(stream.count - offset, 1 + Int(rng.next() % 64))
                    events += try decoder.decode(Array(stream[offset..<offset + size])).count
                    offset += size
                }
            } catch {
                errors += 1
            }
        }
        return (errors, events)
    }

    @Test func liveServerSurvives100kHostileFramesAndKeepsServing() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler) {
            $0.maxMessageSize = 64 << 10
            $0.closeTimeout = 0.5
        }
        defer { server.shutdown() }
        let good = try RawSocketClient(port: port)
        _ = try good.handshake()
        let sent = try await offPool { try Self.attack(port: port, good: good) }
        #expect(sent >= 100_000)
        try good.sendFrame(opcode: 0x2, [9, 9, 9])
        #expect(try good.readFrame()?.payload == [9, 9, 9])
        // Every hostile connection is eventually released; only the good one stays.
        #expect(await handler.wait(seconds: 10) { _ in server.connectionCount == 1 })
    }

    /// 500 connections × 200 hostile frames, checking the good connection every 50 rounds.
    static func attack(port: Int, good: RawSocketClient) throws -> Int {
        var rng = SplitMix64(state: 42)
        var sent = 0
        for round in 0..<500 {
            let hostile = try RawSocketClient(port: port)
            _ = try hostile.handshake()
            var batch: [UInt8] = []
            for _ in 0..<200 { batch += Self.hostileFrame(&rng) }
            sent += 200
            try? hostile.write(batch)
            hostile.closeSocket()
            if round % 50 == 0 {
                try good.sendText("alive \(round)")
                guard try good.readFrame()?.payload == Array("alive \(round)".utf8) else { throw FuzzFailure.goodClientStalled(round) }
            }
        }
        return sent
    }
}
