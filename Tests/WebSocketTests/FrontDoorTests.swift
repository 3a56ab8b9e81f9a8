import Foundation
import Synchronization
import Testing
@testable import WebSocket

/// Counts the refusals a server reports.
final class RejectionCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    var observer: @Sendable (HTTPRejection) -> Void {
        { [self] rejection in counts.withLock { $0[rejection.reason, default: 0] += 1 } }
    }

    subscript(_ rejection: HTTPRejection) -> Int { counts.withLock { $0[rejection.reason] ?? 0 } }
    var total: Int { counts.withLock { $0.values.reduce(0, +) } }
}

/// Refuses upgrades once `limit` connections are open (stands in for the RPC layer's pending-auth limit).
final class LimitedEchoHandler: WebSocketHandler {
    let inner = EchoHandler()
    let limit: Int
    init(limit: Int) { self.limit = limit }

    func webSocketShouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision {
        inner.openConnections.count < limit ? .accept : .refuse(.text("full\n", status: 503), HTTPRejection("test_full"))
    }
    func webSocketDidOpen(_ connection: WebSocketConnection) { inner.webSocketDidOpen(connection) }
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        inner.webSocket(connection, didReceive: message)
    }
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String) {
        inner.webSocketDidClose(connection, code: code, reason: reason)
    }
}

/// The front door against hostile and slow clients, with raw sockets: every refusal is answered and the
/// socket closed within a second of its condition, counted, and the server keeps serving.
@Suite struct FrontDoorTests {
    /// 305 bytes shaped like a TLS 1.2/1.3 ClientHello record (what a `wss://` client sends first).
    static let clientHello: [UInt8] = {
        var body: [UInt8] = [0x01, 0x00, 0x01, 0x2C, 0x03, 0x03] + (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7) } + [0x20]
        body += (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 13) } + [0x00, 0x04, 0x13, 0x01, 0x13, 0x02, 0x01, 0x00]
        body += [UInt8](repeating: 0xAB, count: 300 - body.count)
        return [0x16, 0x03, 0x01, 0x01, 0x2C] + body
    }()

    func start(
        http: (any HTTPRequestHandler)? = HealthHandler(), handler: any WebSocketHandler = EchoHandler(),
        configure: (inout WebSocketServerConfiguration) -> Void = { _ in }
    ) throws -> (server: WebSocketServer, port: Int, rejections: RejectionCounter) {
        let rejections = RejectionCounter()
        var configuration = WebSocketServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.logger = MemoryLogger()
        configuration.shutdownTimeout = 1
        configuration.rejectionObserver = rejections.observer
        configure(&configuration)
        let server = WebSocketServer(configuration: configuration, handler: handler, httpHandler: http)
        return (server, try server.start(), rejections)
    }

    /// Sends `bytes`, then returns what the server answered before closing and how long the close took.
    func answerAndClose(_ bytes: [UInt8], port: Int) async throws -> (text: String, seconds: Double) {
        try await offPool {
            let client = try RawSocketClient(port: port)
            try client.write(bytes)
            let sent = ContinuousClock.now
            let answer = try #require(client.readToEOF(), "the server kept the socket open")
            let elapsed = ContinuousClock.now - sent
            return (String(decoding: answer, as: UTF8.self), Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    func healthy(_ port: Int, host: String = "127.0.0.1") async throws -> Bool {
        try await offPool {
            let client = try RawSocketClient(port: port, host: host)
            try client.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            return try client.readHTTPResponse().body == "ok"
        }
    }

    @Test(arguments: [
        ("tls client hello", FrontDoorTests.clientHello),
        ("binary", [0x00, 0xFF, 0x13, 0x37, 0x80, 0x01]),
        ("bare newline", [0x0A]),
        ("crlf first", [0x0D, 0x0A]),
        ("space in method", Array("GE T / HTTP/1.1\r\n".utf8)),
        ("no target", Array("GET  HTTP/1.1\r\n".utf8)),
        ("http/0.9", Array("GET /\r\n".utf8)),
        ("http/2 preface", Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)),
        ("lowercase version", Array("GET / http/1.1".utf8)),
        ("control byte in target", Array("GET /a\u{01}b".utf8)),
    ])
    func badRequestLinesAre400AtOnceWithoutWaitingForTheHead(name: String, bytes: [UInt8]) async throws {
        let (server, port, rejections) = try start()
        defer { server.shutdown() }
        let (answer, seconds) = try await answerAndClose(bytes, port: port)
        #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(name): \(answer)")
        #expect(answer.contains("Connection: close"))
        #expect(seconds < 1, "\(name): closed after \(seconds) s")
        #expect(rejections[.badRequestLine] == 1)
        #expect(try await healthy(port))
    }

    @Test func tlsIsToldThisPortIsPlain() async throws {
        let (server, port, _) = try start()
        defer { server.shutdown() }
        let (answer, _) = try await answerAndClose(Self.clientHello, port: port)
        #expect(answer.contains("not TLS"))
    }

    @Test func incompleteHeadIs408AtTheHeaderTimeout() async throws {
        let (server, port, rejections) = try start { $0.headerTimeout = 1 }
        defer { server.shutdown() }
        let (partial, silent) = try await offPool {
            let started = ContinuousClock.now
            let partial = try RawSocketClient(port: port)
            let silent = try RawSocketClient(port: port)
            try partial.write("GET / HTTP/1.1\r\nHost: x\r\n")
            let partialAnswer = try #require(partial.readToEOF())
            let partialAt = ContinuousClock.now - started
            let silentAnswer = try #require(silent.readToEOF())
            let silentAt = ContinuousClock.now - started
            return ((String(decoding: partialAnswer, as: UTF8.self), partialAt), (String(decoding: silentAnswer, as: UTF8.self), silentAt))
        }
        for (answer, at) in [partial, silent] {
            #expect(answer.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "\(answer)")
            // Due 1 s after the accept; closed within a second of that.
            #expect(at >= .milliseconds(950) && at < .seconds(2), "closed after \(at)")
        }
        #expect(rejections[.headerTimeout] == 2)
        #expect(try await healthy(port))
    }

    @Test func tricklingDoesNotExtendTheHeaderDeadline() async throws {
        let (server, port, rejections) = try start { $0.headerTimeout = 1 }
        defer { server.shutdown() }
        let at = try await offPool {
            let client = try RawSocketClient(port: port)
            let started = ContinuousClock.now
            // A valid head, one byte every 100 ms: it would take 3.7 s.
            for byte in Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8) {
                guard (try? client.write([byte])) != nil else { break }
                if (try? client.readHTTPHeadIfAvailable()) ?? nil != nil { return ContinuousClock.now - started }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return ContinuousClock.now - started
        }
        #expect(at >= .milliseconds(950) && at < .seconds(2), "answered after \(at)")
        #expect(rejections[.headerTimeout] == 1)
    }

    @Test func headsOver16KiBAre431AsSoonAsTheyPassTheLimit() async throws {
        let (server, port, rejections) = try start()
        defer { server.shutdown() }
        // Exactly 16 KiB is still a head...
        let fitting = "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: "
        let pad = String(repeating: "p", count: (16 << 10) - fitting.utf8.count - 4)
        let ok = try await offPool {
            let client = try RawSocketClient(port: port)
            try client.write(fitting + pad + "\r\n\r\n")
            return try client.readHTTPResponse()
        }
        #expect(ok.head.hasPrefix("HTTP/1.1 200"))
        // ...one byte more, without any end of head in sight, is refused at once.
        let (answer, seconds) = try await answerAndClose(Array((fitting + pad + "pp\r\n").utf8), port: port)
        #expect(answer.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "\(answer)")
        #expect(seconds < 1)
        #expect(rejections[.headerTooLarge] == 1)
        #expect(try await healthy(port))
    }

    @Test func refusedUpgradesAreAnsweredAndCounted() async throws {
        let handler = LimitedEchoHandler(limit: 1)
        let (server, port, rejections) = try start(handler: handler)
        defer { server.shutdown() }
        let first = try RawSocketClient(port: port)
        _ = try first.handshake()
        #expect(await handler.inner.wait { $0.opened.count == 1 })
        let (answer, seconds) = try await answerAndClose(
            Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8),
            port: port)
        #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer)")
        #expect(seconds < 1)
        #expect(rejections[HTTPRejection("test_full")] == 1)
        #expect(handler.inner.opened.count == 1)
        try first.sendText("still here")
        #expect(try first.readFrame()?.payload == Array("still here".utf8))
        // An upgrade RFC 6455 refuses is counted too.
        let (malformed, _) = try await answerAndClose(
            Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8),
            port: port)
        #expect(malformed.hasPrefix("HTTP/1.1 400"))
        #expect(rejections[.badUpgrade] == 1)
    }

    @Test func listensOnIPv6Loopback() async throws {
        let (server, port, _) = try start { $0.host = "::1" }
        defer { server.shutdown() }
        #expect(try await healthy(port, host: "::1"))
        let (any, anyPort, _) = try start { $0.host = "::" }
        defer { any.shutdown() }
        #expect(try await healthy(anyPort, host: "::1"))
        #expect(throws: WebSocketServerError.invalidHost("not-an-address")) {
            try WebSocketServer(configuration: .init(host: "not-an-address", port: 0), handler: EchoHandler()).start()
        }
    }
}
