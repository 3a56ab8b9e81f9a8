import Glibc
import Synchronization

/// Figures measured by `WebSocketBenchmark.run`.
public struct WebSocketBenchmarkResult: Sendable, CustomStringConvertible {
    /// Idle connections asked for (capped by the descriptor limit).
    public var connectionsRequested: Int
    /// Idle connections the server held open at the measurement.
    public var connectionsHeld: Int
    /// Server process VmRSS before the idle connections, KiB.
    public var residentBeforeKiB: Int
    /// Server process VmRSS with the idle connections held, KiB.
    public var residentAfterKiB: Int
    /// (after − before) / held, in bytes.
    public var bytesPerConnection: Double
    /// Client process VmRSS (the forked child holding the client sockets), KiB; not part of the figure above.
    public var clientProcessKiB: Int?
    /// Seconds to open and upgrade all connections.
    public var setupSeconds: Double
    /// Server-initiated ping round trips measured (on one extra connection, while the idle ones are held).
    public var pingSamples: Int
    /// Median ping round trip, µs.
    public var pingMedianMicroseconds: Double
    /// 99th-percentile ping round trip, µs.
    public var pingP99Microseconds: Double

    /// The figures as printed by `social-bridge bench ws`.
    public var description: String {
        func fixed(_ value: Double, _ digits: Int = 1) -> String {
            var scaled = (value * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
            if scaled == -0 { scaled = 0 }
            return String(scaled)
        }
        return """
        idle connections held: \(connectionsHeld) of \(connectionsRequested) (clients in a separate process)
        server RSS: \(residentBeforeKiB) KiB before, \(residentAfterKiB) KiB after → \(fixed(bytesPerConnection)) bytes per idle connection
        client process RSS: \(clientProcessKiB.map { "\($0) KiB" } ?? "n/a")
        setup: \(fixed(setupSeconds, 2)) s
        server ping round trip (\(pingSamples) samples): median \(fixed(pingMedianMicroseconds)) µs, p99 \(fixed(pingP99Microseconds)) µs
        """
    }
}

/// The `social-bridge bench ws` measurement: idle connection memory and ping round trip.
public enum WebSocketBenchmark {
    /// Starts a server on an ephemeral loopback port, opens `connections` idle WebSocket connections from a
    /// forked client process, reads the server's VmRSS before and after, then times `pingSamples`
    /// server-initiated pings on one more connection while the idle ones stay open.
    /// - Throws: `WebSocketServerError` when the server, the client process or the probe cannot start.
    public static func run(connections: Int = 10_000, pingSamples: Int = 1000) async throws -> WebSocketBenchmarkResult {
        let limit = ProcessMemory.raiseDescriptorLimit()
        let requested = max(1, min(connections, limit - 64))
        let handler = BenchmarkHandler()
        var configuration = WebSocketServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.maxConnections = requested + 16
        configuration.pingInterval = nil
        configuration.idleTimeout = 3600
        configuration.shutdownTimeout = 2
        configuration.logger = StandardErrorLogger(minimumLevel: .warning)
        let server = WebSocketServer(configuration: configuration, handler: handler)
        let port = try server.start()
        defer { server.shutdown() }

        let probe = try BenchmarkProbe(port: port, path: "/probe")
        defer { probe.close() }
        guard let probeConnection = await handler.waitForProbe() else { throw WebSocketServerError.systemCall("probe", errno: 0) }
        // Warm up the paths the measurement uses, so lazy allocations land in "before".
        for _ in 0..<20 { _ = await probeConnection.roundTrip(payload: [0]) }
        try await Task.sleep(for: .milliseconds(100))
        let before = ProcessMemory.residentKiB() ?? 0

        let started = SocketOperations.nowNanos()
        let clients = try BenchmarkClientProcess.spawn(count: requested, port: port)
        defer { clients.release() }
        let established = await clients.waitUntilConnected(timeoutMillis: 180_000) ?? 0
        // The child saw its 101s; wait until the server has opened them all too.
        var waited = 0
        while server.connectionCount < established + 1 && waited < 3000 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        let setup = Double(SocketOperations.nowNanos() - started) / 1e9
        try await Task.sleep(for: .milliseconds(300))
        let held = server.connectionCount - 1
        let after = ProcessMemory.residentKiB() ?? 0
        let clientKiB = ProcessMemory.residentKiB(pid: clients.pid)

        var samples: [Double] = []
        samples.reserveCapacity(pingSamples)
        for index in 0..<pingSamples {
            let payload = withUnsafeBytes(of: UInt64(index).bigEndian) { Array($0) }
            if let seconds = await probeConnection.roundTrip(payload: payload) { samples.append(seconds * 1e6) }
        }
        samples.sort()
        func percentile(_ fraction: Double) -> Double {
            samples.isEmpty ? 0 : samples[min(samples.count - 1, Int(Double(samples.count - 1) * fraction))]
        }
        return WebSocketBenchmarkResult(
            connectionsRequested: requested, connectionsHeld: held, residentBeforeKiB: before, residentAfterKiB: after,
            bytesPerConnection: held > 0 ? Double(after - before) * 1024 / Double(held) : 0, clientProcessKiB: clientKiB,
            setupSeconds: setup, pingSamples: samples.count, pingMedianMicroseconds: percentile(0.5),
            pingP99Microseconds: percentile(0.99))
    }
}

/// Ignores the idle connections; remembers the probe.
private final class BenchmarkHandler: WebSocketHandler {
    private let probe = Mutex<WebSocketConnection?>(nil)

    func webSocketDidOpen(_ connection: WebSocketConnection) {
        if connection.path == "/probe" { probe.withLock { $0 = connection } }
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {}

    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String) {}

    func waitForProbe() async -> WebSocketConnection? {
        for _ in 0..<500 {
            if let connection = probe.withLock({ $0 }) { return connection }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}
