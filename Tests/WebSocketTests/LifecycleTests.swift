import Foundation
import Synchronization
import Testing
@testable import WebSocket

/// Timers, limits, shutdown and the thread-safe connection API over live sockets.
@Suite struct LifecycleTests {
    @Test func unansweredServerPingsEndInIdleClose1001() async throws {
        let handler = EchoHandler()
        let logger = MemoryLogger()
        let (server, port) = try startServer(handler: handler, logger: logger) {
            $0.pingInterval = 0.1
            $0.idleTimeout = 0.3
            $0.closeTimeout = 0.2
        }
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        // The raw client never answers: first a ping, then the 1001 close.
        let (ping, close, eof) = try await offPool { (try client.readFrame(), try client.readUntilClose(), client.readsEOF()) }
        #expect(ping?.opcode == 0x9)
        #expect(close?.closeCode == 1001)
        #expect(eof)
        #expect(await handler.wait { $0.closed.count == 1 })
        #expect(handler.closed.first?.code == 1001)
        #expect(logger.all.contains { $0.contains("idle for") })
    }

    @Test func connectionLimitCloses1013WithoutOpening() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler) { $0.maxConnections = 1 }
        defer { server.shutdown() }
        let first = try RawSocketClient(port: port)
        _ = try first.handshake()
        #expect(await handler.wait { $0.opened.count == 1 })
        let second = try RawSocketClient(port: port)
        _ = try second.handshake()
        let close = try #require(try second.readUntilClose())
        #expect(close.closeCode == 1013)
        #expect(handler.opened.count == 1)
        try first.sendText("still open")
        #expect(try first.readFrame()?.payload == Array("still open".utf8))
    }

    @Test func shutdownClosesEveryConnection1001() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        let clients = try (0..<3).map { _ in try RawSocketClient(port: port) }
        for client in clients { _ = try client.handshake() }
        #expect(await handler.wait { $0.opened.count == 3 })
        #expect(server.connectionCount == 3)
        // shutdown() blocks until the handshakes finish: run it on another thread and answer here.
        let done = LockedBox(false)
        Thread {
            server.shutdown()
            done.withLock { $0 = true }
        }.start()
        let answered = LockedBox(0)
        try await offPool {
            for client in clients {
                if let close = try client.readUntilClose(), close.closeCode == 1001 {
                    try client.sendFrame(opcode: 0x8, close.payload)
                    answered.withLock { $0 += 1 }
                }
            }
        }
        #expect(await handler.wait { _ in done.withLock { $0 } })
        #expect(answered.withLock { $0 } == 3)
        #expect(handler.closed.count == 3)
        #expect(handler.closed.allSatisfy { $0.code == 1001 })
        #expect(server.connectionCount == 0)
        // The port no longer accepts.
        #expect(throws: (any Error).self) { _ = try RawSocketClient(port: port) }
    }

    @Test func connectionPropertiesAndRoundTrip() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake(path: "/rpc?x=1", extraHeaders: "Sec-WebSocket-Protocol: a, b\r\nX-Custom: Value\r\n")
        #expect(await handler.wait { $0.openConnections.count == 1 })
        let connection = try #require(handler.openConnections.first)
        #expect(connection.path == "/rpc?x=1")
        #expect(connection.subprotocol == "a")
        #expect(connection.headers["x-custom"] == "Value")
        #expect(connection.remoteAddress.hasPrefix("127.0.0.1:"))
        // Server-side ping with a pong callback: the raw client answers by hand.
        let rtt = LockedBox<Double?>(nil)
        #expect(connection.ping(payload: [1, 2, 3]) { seconds in rtt.withLock { $0 = seconds } })
        let ping = try #require(try client.readFrame())
        #expect(ping.opcode == 0x9 && ping.payload == [1, 2, 3])
        try client.sendFrame(opcode: 0xA, [1, 2, 3])
        #expect(await handler.wait { _ in rtt.withLock { $0 } != nil })
        #expect((rtt.withLock { $0 } ?? -1) >= 0)
        #expect(!connection.ping(payload: [UInt8](repeating: 0, count: 126)) { _ in })
    }

    @Test func concurrentSendsFromManyTasksArriveWhole() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        #expect(await handler.wait { $0.openConnections.count == 1 })
        let connection = try #require(handler.openConnections.first)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<50 { connection.send(.binary([UInt8(task), UInt8(index)] + [UInt8](repeating: 7, count: 300))) }
                }
            }
        }
        var seen: [UInt8: [UInt8]] = [:]
        for _ in 0..<400 {
            let frame = try #require(try client.readFrame())
            #expect(frame.opcode == 0x2 && frame.payload.count == 302)
            seen[frame.payload[0], default: []].append(frame.payload[1])
        }
        // Per sender, order is kept.
        for task in 0..<8 { #expect(seen[UInt8(task)] == (0..<50).map(UInt8.init)) }
    }

    @Test func sendAfterCloseIsRefused() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        #expect(await handler.wait { $0.openConnections.count == 1 })
        let connection = try #require(handler.openConnections.first)
        connection.close(code: 1000, reason: "done")
        connection.close(code: 4000, reason: "again")  // idempotent
        #expect(!connection.send(.text("late")))
        let close = try #require(try client.readUntilClose())
        #expect(close.closeCode == 1000 && close.payload.dropFirst(2) == Array("done".utf8)[...])
        client.closeSocket()
        #expect(await handler.wait { $0.closed.count == 1 })
        #expect(await connection.roundTrip() == nil)
    }

    @Test func headerTimeoutDropsSilentClients() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler) { $0.headerTimeout = 0.2 }
        defer { server.shutdown() }
        let silent = try RawSocketClient(port: port)
        #expect(try await offPool { silent.readsEOF() })
        let partial = try RawSocketClient(port: port)
        try partial.write("GET / HTTP/1.1\r\nHost: x\r\n")
        #expect(try partial.readHTTPHead().hasPrefix("HTTP/1.1 408"))
        // Trickling bytes does not extend the deadline of the request.
        let trickle = try RawSocketClient(port: port)
        var answered = false
        for _ in 0..<40 {
            guard (try? trickle.write("X")) != nil else { break }
            try await Task.sleep(for: .milliseconds(20))
            if let head = try? trickle.readHTTPHeadIfAvailable() {
                answered = head.hasPrefix("HTTP/1.1 408") || head.hasPrefix("HTTP/1.1 400")
                break
            }
        }
        #expect(answered)
    }

    @Test func severalEventLoopsServeConnections() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler) { $0.eventLoopCount = 3 }
        defer { server.shutdown() }
        let clients = try (0..<6).map { _ in try RawSocketClient(port: port) }
        for (index, client) in clients.enumerated() {
            _ = try client.handshake()
            try client.sendText("client \(index)")
        }
        for (index, client) in clients.enumerated() {
            #expect(try client.readFrame()?.payload == Array("client \(index)".utf8))
        }
        #expect(Set(handler.opened).count == 6)
    }
}
