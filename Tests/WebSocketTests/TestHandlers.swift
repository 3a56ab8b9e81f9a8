import Foundation
import Synchronization
@testable import WebSocket

/// Echoes messages back; `close:<code>` closes with that code, `flood:<n>` sends n × 64 KiB binary
/// messages at once (for back-pressure tests). Records what it saw.
final class EchoHandler: WebSocketHandler {
    struct Closed: Equatable { var id: UInt64; var code: UInt16; var reason: String }

    private let events = Mutex<(opened: [UInt64], messages: [WebSocketMessage], closed: [Closed], floodSent: Int)>(([], [], [], 0))
    private let connections = Mutex<[UInt64: WebSocketConnection]>([:])

    func webSocketDidOpen(_ connection: WebSocketConnection) {
        events.withLock { $0.opened.append(connection.id) }
        connections.withLock { $0[connection.id] = connection }
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        events.withLock { $0.messages.append(message) }
        if case .text(let text) = message, text.hasPrefix("close:"), let code = UInt16(text.dropFirst(6)) {
            connection.close(code: code, reason: "requested")
        } else if case .text(let text) = message, text.hasPrefix("flood:"), let count = Int(text.dropFirst(6)) {
            let chunk = [UInt8](repeating: 0x42, count: 64 << 10)
            var sent = 0
            for _ in 0..<count {
                guard connection.send(.binary(chunk)) else { break }
                sent += 1
            }
            events.withLock { $0.floodSent = sent }
        } else {
            connection.send(message)
        }
    }

    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String) {
        events.withLock { $0.closed.append(Closed(id: connection.id, code: code, reason: reason)) }
        connections.withLock { $0[connection.id] = nil }
    }

    var opened: [UInt64] { events.withLock { $0.opened } }
    var closed: [Closed] { events.withLock { $0.closed } }
    var floodSent: Int { events.withLock { $0.floodSent } }
    var openConnections: [WebSocketConnection] { connections.withLock { Array($0.values) } }

    /// Waits (polling, bounded) until `condition` holds; returns whether it did.
    func wait(seconds: Double = 5, until condition: (EchoHandler) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }
}

/// Logs into memory so tests can check the log lines.
final class MemoryLogger: WebSocketLogger {
    private let lines = Mutex<[String]>([])
    func log(_ level: WebSocketLogLevel, _ message: String) { lines.withLock { $0.append(message) } }
    var all: [String] { lines.withLock { $0 } }
}

/// Answers plain HTTP requests to /health.
struct HealthHandler: HTTPRequestHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        request.path == "/health" ? .text("ok") : .text("nope", status: 404)
    }
}

/// Starts a server on an ephemeral loopback port with test-friendly settings.
func startServer(
    handler: EchoHandler, logger: MemoryLogger = MemoryLogger(), http: (any HTTPRequestHandler)? = nil,
    configure: (inout WebSocketServerConfiguration) -> Void = { _ in }
) throws -> (server: WebSocketServer, port: Int) {
    var configuration = WebSocketServerConfiguration(host: "127.0.0.1", port: 0)
    configuration.logger = logger
    configuration.shutdownTimeout = 1
    configure(&configuration)
    let server = WebSocketServer(configuration: configuration, handler: handler, httpHandler: http)
    let port = try server.start()
    return (server, port)
}

/// A mutable value shared with escaping closures in tests.
final class LockedBox<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { value.withLock { body(&$0) } }
}

/// Runs blocking work (socket reads that wait, child processes, long loops) on a thread of its own, so it
/// does not hold one of the few cooperative-pool threads other tests' timers and tasks need (on Linux the
/// pool shares Dispatch's global worker threads, so a Dispatch queue would not do).
func offPool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
