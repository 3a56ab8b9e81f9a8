import Foundation
import RPCTransport
import SocialDomain
import SocialProtocol
import SocialRPC
import SocialStore

/// Loopback figures for the Social Service (issue 5): GetFriends round trip for a user with many
/// friends (limit 50) relative to a WebSocket ping on the same connection, and request → subscriber push
/// latency at a fixed update rate.
public enum SocialBenchmark {
    /// Percentiles of one measurement, in microseconds.
    public struct Summary: Sendable, CustomStringConvertible {
        public let p50: Double
        public let p90: Double
        public let p99: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func at(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))] }
            (p50, p90, p99) = (at(0.5), at(0.9), at(0.99))
        }

        public var description: String { String(format: "p50 %.0f µs, p90 %.0f µs, p99 %.0f µs", p50, p90, p99) }
    }

    /// The figures.
    public struct Result: Sendable, CustomStringConvertible {
        public let friends: Int
        public let getFriends: Summary
        public let ping: Summary
        public let pushRate: Int
        public let push: Summary

        public var description: String {
            """
            GetFriends (\(friends) friends, limit 50): \(getFriends)
            WebSocket ping:                 \(ping)
            GetFriends / ping (median):     \(String(format: "%.2f", ping.p50 > 0 ? getFriends.p50 / ping.p50 : 0))x
            request → subscriber push at \(pushRate)/s: \(push)
            """
        }
    }

    /// Accepts the address in plain text: the benchmark's clients are its own.
    private struct PlainAuthenticator: ConnectionAuthenticator {
        func authenticate(credential: [UInt8]) async throws -> String {
            guard let address = Address(String(decoding: credential, as: UTF8.self)) else { throw BenchWebSocket.Failure(description: "bad credential") }
            return address.rawValue
        }
    }

    /// Runs the benchmark on a fresh database in `directory`.
    /// - Parameters:
    ///   - friends: friends of the measured user.
    ///   - iterations: GetFriends calls and pings measured.
    ///   - updates: pushes measured.
    ///   - rate: updates per second sent.
    /// - Throws: when the server cannot start or a client fails.
    public static func run(directory: URL, friends: Int = 1000, iterations: Int = 2000, updates: Int = 2000, rate: Int = 1000) async throws -> Result {
        let store = try SocialStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let hub = try benchAddress(0)
        for n in 1...max(1, friends) {
            _ = try store.upsertFriendship(actor: try benchAddress(n), target: hub, action: .request, message: nil, now: Int64(n))
            _ = try store.upsertFriendship(actor: hub, target: try benchAddress(n), action: .accept, message: nil, now: Int64(n))
        }
        let unlimited = RateLimiter.Configuration(perActor: .max, perPair: .max, windowMilliseconds: 60_000)
        let server = SocialServer(
            store: store, authenticator: PlainAuthenticator(),
            configuration: .init(awayAfterMilliseconds: nil, rateLimits: unlimited), log: .silent)
        let port = try server.start()
        defer { server.stop() }
        // The clients block on sockets: run them on their own thread, never on the cooperative pool the
        // server's handlers need (2 threads on this machine).
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result {
                    try measure(port: port, hub: hub, friends: friends, iterations: iterations, updates: updates, rate: rate)
                })
            }
        }
    }

    private static func measure(port: Int, hub: Address, friends: Int, iterations: Int, updates: Int, rate: Int) throws -> Result {
        let client = try BenchRPCClient(port: port, credential: hub.rawValue)
        var payload = GetFriendsPayload()
        payload.pagination = Pagination(limit: 50, offset: 0)
        let request = payload.serializedBytes()
        var calls: [Double] = [], pings: [Double] = []
        for index in 0..<(iterations + iterations / 10) {
            let warm = index < iterations / 10
            var start = DispatchTime.now().uptimeNanoseconds
            _ = try client.call("GetFriends", request)
            if !warm { calls.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000) }
            start = DispatchTime.now().uptimeNanoseconds
            try client.ping()
            if !warm { pings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000) }
        }
        return Result(friends: friends, getFriends: Summary(calls), ping: Summary(pings), pushRate: rate,
                      push: Summary(try pushLatencies(port: port, hub: hub, updates: updates, rate: rate)))
    }

    /// A sender alternates request / cancel towards the subscriber at `rate`; each becomes one update.
    private static func pushLatencies(port: Int, hub: Address, updates: Int, rate: Int) throws -> [Double] {
        let sender = try benchAddress(0xFFFF_FFFF)
        let subscriber = try BenchRPCClient(port: port, credential: hub.rawValue)
        try subscriber.subscribe("SubscribeToFriendshipUpdates")
        let client = try BenchRPCClient(port: port, credential: sender.rawValue)
        let sent = SentTimes(count: updates)
        let senderDone = DispatchSemaphore(value: 0)
        let failure = SentTimes(count: 0)
        Thread.detachNewThread {
            defer { senderDone.signal() }
            let interval = 1_000_000_000 / UInt64(max(1, rate))
            let begin = DispatchTime.now().uptimeNanoseconds
            for index in 0..<updates {
                let due = begin + UInt64(index) * interval
                let now = DispatchTime.now().uptimeNanoseconds
                if due > now { usleep(UInt32((due - now) / 1000)) }
                var payload = UpsertFriendshipPayload()
                if index.isMultiple(of: 2) {
                    var body = UpsertFriendshipPayload.RequestPayload()
                    body.user = User(address: hub.rawValue)
                    payload.action = .request(body)
                } else {
                    payload.action = .cancel(.init(user: User(address: hub.rawValue)))
                }
                sent.set(index, Double(DispatchTime.now().uptimeNanoseconds) / 1000)
                do { _ = try client.call("UpsertFriendship", payload.serializedBytes()) } catch { failure.fail(); return }
            }
        }
        var latencies: [Double] = []
        for index in 0..<updates {
            _ = try subscriber.nextElement()
            let received = Double(DispatchTime.now().uptimeNanoseconds) / 1000
            latencies.append(received - sent.get(index))
        }
        senderDone.wait()
        if failure.failed { throw BenchWebSocket.Failure(description: "the sender's call failed") }
        return latencies
    }

    /// `0xbbbb…<n in hex>`; `n` below 2^32 always gives a valid address.
    static func benchAddress(_ n: Int) throws -> Address {
        let hex = String(UInt32(truncatingIfNeeded: n), radix: 16)
        return try Address(validating: "0x" + String(repeating: "b", count: 40 - hex.count) + hex)
    }
}

/// Send timestamps shared between the sender thread and the measuring loop.
private final class SentTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Double]
    private(set) var failed = false

    init(count: Int) { times = Array(repeating: 0, count: count) }

    func set(_ index: Int, _ value: Double) {
        lock.lock()
        times[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return times[index]
    }

    func fail() {
        lock.lock()
        failed = true
        lock.unlock()
    }
}
