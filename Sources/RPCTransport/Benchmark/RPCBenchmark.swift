import Foundation
import Protobuf
import WebSocket

/// `social-bridge bench rpc`: round trip of a unary call against a WebSocket ping round trip on the same
/// loopback connection, against an in-process server that exists only for the measurement.
public enum RPCBenchmark {
    /// Figures of one run; times in microseconds.
    public struct Result: Sendable, CustomStringConvertible {
        public let iterations: Int
        public let unary: Summary
        public let ping: Summary

        /// Median unary round trip divided by median ping round trip.
        public var medianRatio: Double { ping.median > 0 ? unary.median / ping.median : 0 }

        public var description: String {
            let ratio = (medianRatio * 100).rounded() / 100
            return "rpc round trip over \(iterations) iterations (loopback, same connection)\n"
                + "  unary call:     \(unary)\n"
                + "  websocket ping: \(ping)\n"
                + "  unary / ping (median): \(ratio)x"
        }
    }

    /// Distribution of round-trip times in microseconds.
    public struct Summary: Sendable, CustomStringConvertible {
        public let median: Double
        public let p99: Double
        public let mean: Double
        public let minimum: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
            mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
            minimum = sorted.first ?? 0
        }

        public var description: String {
            func us(_ value: Double) -> String { "\((value * 10).rounded() / 10) µs" }
            return "median \(us(median)), p99 \(us(p99)), mean \(us(mean)), min \(us(minimum))"
        }
    }

    /// Why a run failed.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case server(String)
        case client(String)

        public var description: String {
            switch self {
            case .server(let text): "benchmark server: \(text)"
            case .client(let text): "benchmark client: \(text)"
            }
        }
    }

    /// Runs the measurement: `warmup` unmeasured calls, then `iterations` alternating unary calls and pings.
    /// - Parameters:
    ///   - iterations: measured round trips of each kind.
    ///   - payloadSize: bytes carried by each call's request and response.
    ///   - warmup: round trips of each kind before measuring.
    /// - Returns: the distributions of both round trips.
    /// - Throws: `Failure` when the server cannot start or the client fails.
    public static func run(iterations: Int = 10_000, payloadSize: Int = 32, warmup: Int = 500) async throws(Failure) -> Result {
        let token = (0..<16).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
        var service = RPCService(name: "BenchService")
        service.unary("Echo") { (request: BenchPayload, _) in request }
        var configuration = WebSocketServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.logger = StandardErrorLogger(minimumLevel: .warning)
        let handler = RPCWebSocketServer(service: service, authenticator: OneTimeTokenAuthenticator(token: token))
        let server = WebSocketServer(configuration: configuration, handler: handler)
        let port: Int
        do { port = try server.start() } catch { throw .server("\(error)") }
        // Blocking work (the client and the server's shutdown) runs on a thread of its own: on a dispatch
        // worker it would starve the cooperative pool (which shares those workers on Linux) the server needs.
        let outcome: Swift.Result<Result, Failure> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let outcome = measure(
                    port: port, token: token, iterations: max(1, iterations), payloadSize: payloadSize, warmup: max(0, warmup))
                server.shutdown()
                continuation.resume(returning: outcome)
            }
        }
        return try outcome.get()
    }

    /// The blocking client side, on a dispatch thread (never on the cooperative pool the server uses).
    private static func measure(port: Int, token: String, iterations: Int, payloadSize: Int, warmup: Int) -> Swift.Result<Result, Failure> {
        do {
            let client = try LoopbackWebSocketClient(port: port)
            defer { client.closeSocket() }
            try client.sendText(token)
            guard try client.receive().payload == RpcMessageHeader.serverReady.serializedBytes() else {
                return .failure(.client("no SERVER_READY"))
            }
            try client.sendBinary(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "bench").serializedBytes())
            let portID = try CreatePortResponse(serializedBytes: try client.receive().payload).portID
            try client.sendBinary(RequestModule(
                messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: portID, moduleName: "BenchService").serializedBytes())
            _ = try client.receive()
            var request = Request(messageIdentifier: 0, portID: portID, procedureID: 1, payload: BenchPayload(data: Array(repeating: 0x5A, count: payloadSize)).serializedBytes())
            var number: UInt32 = 2
            var unary: [Double] = [], ping: [Double] = []
            unary.reserveCapacity(iterations)
            ping.reserveCapacity(iterations)
            let clock = ContinuousClock()
            for round in 0..<(warmup + iterations) {
                number += 1
                request.messageIdentifier = MessageIdentifier.make(.request, number)
                let frame = request.serializedBytes()
                let callStart = clock.now
                try client.sendBinary(frame)
                let reply = try client.receive()
                let callTime = clock.now - callStart
                guard let header = try? RpcMessageHeader(serializedBytes: reply.payload),
                      header.messageIdentifier == MessageIdentifier.make(.response, number)
                else { return .failure(.client("unexpected reply to call \(number)")) }
                let pingStart = clock.now
                _ = try client.ping(Array("p\(round)".utf8))
                let pingTime = clock.now - pingStart
                if round >= warmup {
                    unary.append(microseconds(callTime))
                    ping.append(microseconds(pingTime))
                }
            }
            return .success(Result(iterations: iterations, unary: Summary(unary), ping: Summary(ping)))
        } catch {
            return .failure(.client("\(error)"))
        }
    }

    private static func microseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000_000 + Double(attoseconds) / 1_000_000_000_000
    }
}

/// Accepts exactly one secret generated for a benchmark run, so the in-process server is useless to others.
struct OneTimeTokenAuthenticator: ConnectionAuthenticator {
    struct Refused: Error {}
    let token: String

    func authenticate(credential: [UInt8]) async throws -> String {
        guard credential == Array(token.utf8) else { throw Refused() }
        return "benchmark"
    }
}

/// The benchmark's request and response: one bytes field.
struct BenchPayload: ProtoMessage {
    var data: [UInt8] = []

    init() {}
    init(data: [UInt8]) { self.data = data }

    init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: data = try reader.readBytes(field, type)
            default: try reader.skip(type)
            }
        }
    }

    func encode(to writer: inout ProtoWriter) { writer.writeIfNotDefault(bytes: data, field: 1) }
}
