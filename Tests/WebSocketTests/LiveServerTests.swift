import Testing
@testable import WebSocket

/// Over real loopback sockets with a raw client: handshake, echo, hostile frames, HTTP routing.
@Suite struct LiveServerTests {
    @Test func handshakeAndEcho() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        let head = try client.handshake(extraHeaders: "Sec-WebSocket-Protocol: chat, superchat\r\n")
        #expect(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        #expect(head.contains("Sec-WebSocket-Protocol: chat\r\n") || head.hasSuffix("Sec-WebSocket-Protocol: chat"))
        try client.sendText("hello")
        let frame = try #require(try client.readFrame())
        #expect(frame == .init(fin: true, opcode: 0x1, masked: false, payload: Array("hello".utf8)))
        try client.sendFrame(opcode: 0x2, [1, 2, 3])
        #expect(try client.readFrame()?.payload == [1, 2, 3])
    }

    @Test func framesInTheSamePacketAsTheUpgradeAreProcessed() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        let upgrade = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try client.write(Array(upgrade.utf8) + WebSocketFrameEncoder.encode(.text("early"), maskKey: [5, 6, 7, 8]))
        #expect(try client.readHTTPHead().hasPrefix("HTTP/1.1 101"))
        #expect(try client.readFrame()?.payload == Array("early".utf8))
    }

    @Test func fragmentedMessageWithInterleavedPing() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        try client.sendFrame(opcode: 0x1, Array("frag".utf8), fin: false)
        try client.sendFrame(opcode: 0x9, [7, 7])
        try client.sendFrame(opcode: 0x0, Array("men".utf8), fin: false)
        try client.sendFrame(opcode: 0x0, Array("ted".utf8), fin: true)
        let pong = try #require(try client.readFrame())
        #expect(pong.opcode == 0xA && pong.payload == [7, 7])
        let echo = try #require(try client.readFrame())
        #expect(echo.payload == Array("fragmented".utf8))
    }

    @Test(arguments: [
        ("unmasked", [UInt8](), UInt16(1002)),
        ("rsv", [1], 1002),
        ("opcode", [2], 1002),
        ("bigping", [3], 1002),
        ("badutf8", [4], 1007),
        ("continuation", [5], 1002),
        ("toolarge", [6], 1009),
        ("badclosecode", [7], 1002),
    ])
    func hostileFramesCloseWithCode(name: String, variant: [UInt8], expected: UInt16) async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler) { $0.maxMessageSize = 1000 }
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        switch variant.first {
        case nil: try client.sendFrame(opcode: 0x1, Array("hi".utf8), masked: false)
        case 1: try client.sendFrame(opcode: 0x1, Array("hi".utf8), rsv: 0x40)
        case 2: try client.sendFrame(opcode: 0x3, [])
        case 3: try client.sendFrame(opcode: 0x9, [UInt8](repeating: 1, count: 126))
        case 4: try client.sendFrame(opcode: 0x1, [0xC0, 0x80])
        case 5: try client.sendFrame(opcode: 0x0, [1])
        case 6: try client.write([0x82, 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 0])  // announces 1 MiB, sends none of it
        default: try client.sendFrame(opcode: 0x8, [0x03, 0xEC])  // 1004
        }
        let close = try #require(try client.readUntilClose())
        #expect(close.closeCode == expected, "\(name)")
        #expect(client.readsEOF())
        client.closeSocket()
        #expect(await handler.wait { $0.closed.count == 1 })
        #expect(handler.closed.first?.code == expected)
    }

    @Test func clientInitiatedCloseIsEchoed() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        try client.sendFrame(opcode: 0x8, [0x0F, 0xA0] + Array("bye".utf8))  // 4000
        let close = try #require(try client.readFrame())
        #expect(close.closeCode == 4000)
        #expect(client.readsEOF())
        #expect(await handler.wait { $0.closed.count == 1 })
        #expect(handler.closed.first == .init(id: handler.opened.first ?? 0, code: 4000, reason: "bye"))
    }

    @Test func serverInitiatedCloseWaitsForEcho() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        try client.sendText("close:3003")
        let close = try #require(try client.readFrame())
        #expect(close.closeCode == 3003)
        #expect(handler.closed.isEmpty)  // the handshake is not complete before our echo
        try client.sendFrame(opcode: 0x8, [0x0B, 0xBB])
        #expect(client.readsEOF())
        #expect(await handler.wait { $0.closed.count == 1 })
        #expect(handler.closed.first?.code == 3003)
    }

    @Test func badHandshakesAreRefused() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler, http: HealthHandler())
        defer { server.shutdown() }
        let cases: [(String, String)] = [
            ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", "HTTP/1.1 426"),
            ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 400"),
            ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 400"),
            ("POST / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 405"),
            ("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 16_400) + "\r\n\r\n", "HTTP/1.1 431"),
            ("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", "HTTP/1.1 400"),
        ]
        for (request, expected) in cases {
            let client = try RawSocketClient(port: port)
            try client.write(request)
            let head = try client.readHTTPHead()
            #expect(head.hasPrefix(expected), "\(head)")
            if expected == "HTTP/1.1 426" { #expect(head.contains("Sec-WebSocket-Version: 13")) }
        }
        #expect(handler.opened.isEmpty)
    }

    @Test func plainHTTPKeepAliveAndNotFound() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler, http: HealthHandler())
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        try client.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /other HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try client.readHTTPResponse()
        #expect(first.head.hasPrefix("HTTP/1.1 200") && first.body == "ok")
        let second = try client.readHTTPResponse()
        #expect(second.head.hasPrefix("HTTP/1.1 404"))
        // A body (Content-Length) reaches the handler; the connection stays usable.
        try client.write("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbodyHEAD /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readHTTPResponse().head.hasPrefix("HTTP/1.1 200"))
        let head = try client.readHTTPHead()
        #expect(head.hasPrefix("HTTP/1.1 200") && head.contains("Content-Length: 2"))
        try client.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readHTTPResponse().body == "ok")
        let (server2, port2) = try startServer(handler: handler)
        defer { server2.shutdown() }
        let bare = try RawSocketClient(port: port2)
        try bare.write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try bare.readHTTPResponse().head.hasPrefix("HTTP/1.1 404"))
        #expect(bare.readsEOF())
        // With a WebSocket path and no HTTP handler, a plain request there is told to upgrade.
        let (server3, port3) = try startServer(handler: handler) { $0.webSocketPath = "/ws" }
        defer { server3.shutdown() }
        let plain = try RawSocketClient(port: port3)
        try plain.write("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try plain.readHTTPResponse().head.hasPrefix("HTTP/1.1 426"))
        let elsewhere = try RawSocketClient(port: port3)
        #expect(throws: RawSocketClient.ClientError.self) { try elsewhere.handshake(path: "/other") }
        let right = try RawSocketClient(port: port3)
        _ = try right.handshake(path: "/ws")
    }
}

@Suite struct BackPressureTests {
    @Test func slowConsumerClosed1011OthersResponsive() async throws {
        let handler = EchoHandler()
        let logger = MemoryLogger()
        let (server, port) = try startServer(handler: handler, logger: logger)
        defer { server.shutdown() }
        let slow = try RawSocketClient(port: port)
        _ = try slow.handshake()
        let fast = try RawSocketClient(port: port)
        _ = try fast.handshake()
        try slow.sendText("flood:2000")
        for index in 0..<20 {
            try fast.sendText("ping \(index)")
            #expect(try fast.readFrame()?.payload == Array("ping \(index)".utf8))
        }
        let close = try #require(try await offPool { try slow.readUntilClose() })
        #expect(close.closeCode == 1011)
        #expect(handler.floodSent < 2000)
        #expect(logger.all.contains { $0.contains("closing 1011") })
    }

    @Test func pingFloodWithoutReadingIsCapped() async throws {
        let handler = EchoHandler()
        let logger = MemoryLogger()
        let (server, port) = try startServer(handler: handler, logger: logger)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        let ping = WebSocketFrameEncoder.encode(.ping, [UInt8](repeating: 1, count: 125), maskKey: [1, 2, 3, 4])
        let burst = Array([[UInt8]](repeating: ping, count: 1000).joined())
        // Up to ~16 MB of pings, never reading the pongs; stop early once the server has given up.
        let close = try #require(try await offPool {
            for _ in 0..<128 {
                if logger.all.contains(where: { $0.contains("closing 1011") }) { break }
                try client.write(burst)
            }
            return try client.readUntilClose()
        })
        #expect(close.closeCode == 1011)
        #expect(logger.all.contains { $0.contains("control frames") && $0.contains("closing 1011") })
    }

    @Test func oneMessageLargerThanTheCapReachesAReadingPeer() async throws {
        let handler = EchoHandler()
        let (server, port) = try startServer(handler: handler) { $0.maxOutboundBuffer = 16 << 10 }
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        _ = try client.handshake()
        let big = (0..<(600 << 10)).map { UInt8(truncatingIfNeeded: $0) }
        try client.sendFrame(opcode: 0x2, big)
        let echo = try #require(try client.readFrame())
        #expect(echo.opcode == 0x2 && echo.payload == big)
        try client.sendText("after")
        #expect(try client.readFrame()?.payload == Array("after".utf8))
    }
}
