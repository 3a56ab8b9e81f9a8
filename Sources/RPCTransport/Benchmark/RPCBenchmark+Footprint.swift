import Foundation
import Synchronization

extension RPCBenchmark {
    /// Resident memory of idle authenticated sessions, without sockets.
    public struct Footprint: Sendable, CustomStringConvertible {
        public let sessions: Int
        /// Growth of the process's resident set while the sessions are held, in bytes.
        public let residentBytes: Int

        /// `residentBytes / sessions`.
        public var bytesPerSession: Double { sessions > 0 ? Double(residentBytes) / Double(sessions) : 0 }

        public var description: String {
            "\(sessions) idle authenticated RPC sessions (one port, module loaded): "
                + "resident set +\(residentBytes / 1024) KiB, \(Int(bytesPerSession.rounded())) bytes per session"
        }
    }

    /// Opens `sessions` in-memory sessions, authenticates each, creates a port and loads the module on it,
    /// then measures how much the resident set grew while they sit idle (the transport's share of an idle
    /// connection; the WebSocket connection's own share comes on top). A warm-up round of the same size
    /// runs first so that allocator pages left by transient work (authentication tasks, frames) are reused
    /// rather than counted.
    /// - Parameter sessions: how many sessions to hold.
    /// - Returns: the resident-set growth.
    public static func idleSessionFootprint(sessions: Int = 10_000) async -> Footprint {
        let count = max(1, sessions)
        let warmup = await holdIdleSessions(count)
        for session in warmup { session.channelClosed() }
        let before = residentSetBytes()
        let held = await holdIdleSessions(count)
        let after = residentSetBytes()
        for session in held { session.channelClosed() }
        return Footprint(sessions: count, residentBytes: max(0, after - before))
    }

    private static func holdIdleSessions(_ count: Int) async -> [RPCSession] {
        let token = "footprint"
        var service = RPCService(name: "BenchService")
        service.unary("Echo") { (request: BenchPayload, _) in request }
        let server = RPCServer(service: service, authenticator: OneTimeTokenAuthenticator(token: token))
        let channel = CountingChannel()
        var held: [RPCSession] = []
        held.reserveCapacity(count)
        for index in 0..<count {
            let session = server.makeSession(channel: channel, connectionID: UInt64(index + 1))
            session.receive(Array(token.utf8))
            held.append(session)
        }
        // Each session answers SERVER_READY; then the port and module requests are handled in order.
        await channel.waitFor(count)
        for (index, session) in held.enumerated() {
            session.receive(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "social_service").serializedBytes())
            // Authenticated frames are handled inside `receive`, so ports are allocated in this order: 1, 2, 3...
            session.receive(RequestModule(
                messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: UInt32(index + 1),
                moduleName: "BenchService").serializedBytes())
        }
        await channel.waitFor(2 * count)
        return held
    }

    /// The resident set size from /proc/self/statm (Linux), 0 where unavailable.
    static func residentSetBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Discards frames, counting them so the footprint measurement knows when sessions are settled.
private final class CountingChannel: RPCChannel {
    private let frames = Atomic<Int>(0)
    private let awaited = Atomic<Int>(0)

    func send(_ frame: [UInt8]) { frames.add(1, ordering: .relaxed) }
    func close(code: UInt16, reason: String) {}

    /// Waits until `count` more frames than at the previous call arrived (bounded to a few seconds).
    func waitFor(_ count: Int) async {
        let target = awaited.add(count, ordering: .relaxed).newValue
        for _ in 0..<5000 where frames.load(ordering: .relaxed) < target {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
