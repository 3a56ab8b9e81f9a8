import Dispatch
import Foundation
import SocialDomain
import SocialProtocol

/// The client side of `bench social`, run on plain threads (blocking sockets must not occupy the
/// cooperative pool the server's sessions run on).
struct BenchSocialMeasurement {
    struct Settings {
        var friends: Int
        var limit: Int
        var iterations: Int
        var updatesPerSecond: Int
        var seconds: Double
    }

    /// Round-trip samples (µs) and push latencies (µs) with the achieved publication rate.
    struct Figures {
        var getFriends: [Double] = []
        var ping: [Double] = []
        var pageSize = 0
        var pageTotal = 0
        var pushLatencies: [Double] = []
        var updatesSent = 0
        var achievedRate = 0.0
    }

    let server: BenchSocialServer
    let settings: Settings
    let user: Address, actor: Address, subscriber: Address

    /// GetFriends(limit) and pings alternating on one connection authenticated as `user`.
    func measureRoundTrips(into figures: inout Figures) throws {
        let client = try BenchRPCClient(port: server.port, credential: user.rawValue, module: SocialServiceProcedures.moduleName)
        defer { client.socket.closeSocket() }
        let request = GetFriendsPayload(pagination: Pagination(limit: Int32(settings.limit), offset: 0))
        let warmup = min(200, settings.iterations)
        for round in 0..<(warmup + settings.iterations) {
            let (frame, number) = try client.requestFrame("GetFriends", request)
            let callStart = Self.now()
            try client.socket.sendBinary(frame)
            let payload = try client.response(to: number)
            let callEnd = Self.now()
            let pingPayload = Array("p\(round)".utf8)
            let pingStart = Self.now()
            guard try client.socket.ping(pingPayload).isEmpty else { throw BenchFailure("a data message arrived before the pong") }
            let pingEnd = Self.now()
            if round == 0 {
                let page = try PaginatedFriendsProfilesResponse(serializedBytes: payload)
                figures.pageSize = page.friends.count
                figures.pageTotal = Int(page.paginationData?.total ?? 0)
            }
            if round >= warmup {
                figures.getFriends.append(Double(callEnd - callStart) / 1000)
                figures.ping.append(Double(pingEnd - pingStart) / 1000)
            }
        }
    }

    /// `actor` alternates UpsertFriendship request/cancel towards `subscriber` over its own connection
    /// (closed loop paced at the target rate: each call is sent on its slot or at once when late, after the
    /// previous answer), while `subscriber`'s connection holds SubscribeToFriendshipUpdates and acknowledges
    /// every element as it arrives. Latency = request sent → update received, both on one monotonic clock.
    func measurePushes(into figures: inout Figures) throws {
        let count = max(2, Int(Double(settings.updatesPerSecond) * settings.seconds))
        let listener = try BenchRPCClient(port: server.port, credential: subscriber.rawValue, module: SocialServiceProcedures.moduleName)
        defer { listener.socket.closeSocket() }
        let stream = try listener.startStream("SubscribeToFriendshipUpdates", EmptyMessage())
        // The handler subscribes after the offer's ACK; publishing earlier would lose the first update.
        var waited = 0
        while !server.hub.friendships.hasSubscribers(subscriber) {
            waited += 1
            guard waited < 1000 else { throw BenchFailure("the subscription never registered") }
            usleep(5000)
        }
        let writer = try BenchRPCClient(port: server.port, credential: actor.rawValue, module: SocialServiceProcedures.moduleName)
        defer { writer.socket.closeSocket() }

        let received = ReceivedTimes(capacity: count)
        let done = DispatchSemaphore(value: 0)
        let box = UncheckedBox(listener)
        Thread.detachNewThread {
            do {
                for _ in 0..<count {
                    let element = try box.value.nextElement(of: stream)
                    received.append(Self.now())
                    try box.value.acknowledge(stream: stream, sequence: element.sequence)
                }
            } catch {
                received.fail("\(error)")
            }
            done.signal()
        }

        let interval = UInt64(1_000_000_000 / max(settings.updatesPerSecond, 1))
        let target = User(address: subscriber.rawValue)
        var sent: [UInt64] = []
        sent.reserveCapacity(count)
        let start = Self.now()
        for index in 0..<count {
            let slot = start + UInt64(index) * interval
            let now = Self.now()
            if slot > now { usleep(UInt32((slot - now) / 1000)) }
            let action: UpsertFriendshipPayload.Action = index % 2 == 0
                ? .request(.init(user: target, message: "bench \(index)")) : .cancel(.init(user: target))
            let (frame, number) = try writer.requestFrame("UpsertFriendship", UpsertFriendshipPayload(action: action))
            sent.append(Self.now())
            try writer.socket.sendBinary(frame)
            let answer = try UpsertFriendshipResponse(serializedBytes: try writer.response(to: number))
            guard case .accepted = answer.response else { throw BenchFailure("UpsertFriendship \(index) was not accepted: \(String(describing: answer.response))") }
        }
        let finished = Self.now()
        if done.wait(timeout: .now() + 30) == .timedOut { throw BenchFailure("the subscriber did not receive every update within 30 s") }
        let times = try received.result()
        figures.updatesSent = count
        figures.achievedRate = Double(count) / (Double(finished - start) / 1e9)
        figures.pushLatencies = zip(sent, times).map { Double($1 &- $0) / 1000 }
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// Receive timestamps filled by the subscriber thread, read after it signalled.
private final class ReceivedTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [UInt64] = []
    private var failure: String?

    init(capacity: Int) { times.reserveCapacity(capacity) }

    func append(_ time: UInt64) { lock.withLock { times.append(time) } }
    func fail(_ text: String) { lock.withLock { failure = text } }

    func result() throws -> [UInt64] {
        try lock.withLock {
            if let failure { throw BenchFailure("subscriber: \(failure)") }
            return times
        }
    }
}

/// Hands a client to the one thread that uses it from then on.
private final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
