import Testing
@testable import WebSocket

@Suite struct HandshakeTests {
    func upgrade(_ extra: [(String, String)] = [], without: Set<String> = [], method: String = "GET") -> HTTPRequest {
        var headers = HTTPHeaders()
        for (name, value) in [("Host", "example.com"), ("Upgrade", "websocket"), ("Connection", "keep-alive, Upgrade"),
                              ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13")] where !without.contains(name) {
            headers.append(name: name, value: value)
        }
        for (name, value) in extra { headers.append(name: name, value: value) }
        return HTTPRequest(method: method, target: "/chat", headers: headers)
    }

    @Test func rfcAcceptKey() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func acceptsAndEchoesFirstSubprotocol() throws {
        guard case .accept(let response, let subprotocol) = WebSocketHandshake.evaluate(upgrade([("Sec-WebSocket-Protocol", "Chat, superchat")])) else {
            Issue.record("rejected")
            return
        }
        #expect(subprotocol == "Chat")
        #expect(response.status == 101)
        #expect(response.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(response.headers["Sec-WebSocket-Protocol"] == "Chat")
        let text = String(decoding: response.serialized(keepAlive: true), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n") && text.hasSuffix("\r\n\r\n") && !text.contains("Content-Length"))
    }

    @Test func caseInsensitiveTokens() {
        let request = HTTPRequest(method: "GET", target: "/", headers: [
            ("host", "h"), ("upgrade", "WebSocket"), ("connection", "UPGRADE"), ("sec-websocket-key", "AAAAAAAAAAAAAAAAAAAAAA=="), ("sec-websocket-version", "13"),
        ])
        guard case .accept(_, nil) = WebSocketHandshake.evaluate(request) else {
            Issue.record("rejected")
            return
        }
    }

    @Test(arguments: [
        ("no connection upgrade", 400), ("no key", 400), ("bad key", 400), ("short key", 400), ("version 8", 426),
        ("no version", 426), ("POST", 405), ("HTTP/1.0", 400), ("no host", 400),
    ])
    func rejections(name: String, status: Int) {
        let request: HTTPRequest
        switch name {
        case "no connection upgrade": request = upgrade(without: ["Connection"])
        case "no key": request = upgrade(without: ["Sec-WebSocket-Key"])
        case "bad key": request = upgrade([("Sec-WebSocket-Key", "!!!!")], without: ["Sec-WebSocket-Key"])
        case "short key": request = upgrade([("Sec-WebSocket-Key", "AAAA")], without: ["Sec-WebSocket-Key"])
        case "version 8": request = upgrade([("Sec-WebSocket-Version", "8")], without: ["Sec-WebSocket-Version"])
        case "no version": request = upgrade(without: ["Sec-WebSocket-Version"])
        case "POST": request = upgrade(method: "POST")
        case "no host": request = upgrade(without: ["Host"])
        default:
            var old = upgrade()
            old.version = "HTTP/1.0"
            request = old
        }
        guard case .reject(let response) = WebSocketHandshake.evaluate(request) else {
            Issue.record("\(name) accepted")
            return
        }
        #expect(response.status == status, "\(name)")
        if status == 426 { #expect(response.headers["Sec-WebSocket-Version"] == "13") }
    }

    @Test func responseHeadersCannotSplitTheResponse() {
        let response = HTTPResponse(status: 200, headers: [("X-A", "one\r\nSet-Cookie: evil")], body: [])
        let text = String(decoding: response.serialized(keepAlive: false), as: UTF8.self)
        #expect(text.contains("X-A: oneSet-Cookie: evil\r\n"))
        #expect(!text.contains("\r\nSet-Cookie"))
    }

    @Test func base64() {
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.decode("Zm9vYg==") == Array("foob".utf8))
        #expect(Base64.decode("Zm9vYmE=") == Array("fooba".utf8))
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9v!mFy", "=Zm9"] { #expect(Base64.decode(bad) == nil, "\(bad)") }
    }
}

@Suite struct HTTPParserTests {
    @Test func parsesHeadAndBody() throws {
        let bytes = Array("POST /a?b=c HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nX-Y:  spaced  \r\n\r\nabcGET".utf8)
        let (request, consumed) = try #require(try HTTPRequestParser.parse(bytes, maxHeadSize: 8192, maxBodySize: 10))
        #expect(request.method == "POST" && request.path == "/a" && request.query == "b=c")
        #expect(request.headers["x-y"] == "spaced" && request.body == Array("abc".utf8))
        #expect(consumed == bytes.count - 3)
    }

    @Test func headReaderExaminesEachByteOnce() throws {
        let whole = Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi".utf8)
        var reader = HTTPHeadReader()
        var found: (HTTPRequest, Int)?
        // Byte by byte, as a slow client sends it.
        for end in 1...whole.count where found == nil {
            if case .complete(let request, let headLength) = try reader.scan(Array(whole[..<end]), maxHeadSize: 8192) {
                #expect(end == whole.count - 2 && reader.examined == end)
                found = (request, headLength)
            }
        }
        let (request, headLength) = try #require(found)
        #expect(headLength == whole.count - 2)
        #expect(try HTTPRequestParser.bodyLength(of: request) == 2)
    }

    @Test func incompleteIsNil() throws {
        #expect(try HTTPRequestParser.parse(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8), maxHeadSize: 8192, maxBodySize: 0) == nil)
        #expect(try HTTPRequestParser.parse(Array("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab".utf8), maxHeadSize: 8192, maxBodySize: 10) == nil)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 200) + "\r\n\r\n", HTTPParseError.headTooLarge),
        ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 200), .headTooLarge),
        ("GET / HTTP/2.0\r\n\r\n", .badRequestLine("invalid request line (HTTP/1.0 or HTTP/1.1 only)")),
        ("GET /\r\n\r\n", .badRequestLine("invalid request line")),
        ("GET / HTTP/1.1\r\nX : y\r\n\r\n", .malformed("invalid header name")),
        ("GET / HTTP/1.1\r\nX: y\r\n folded: z\r\n\r\n", .malformed("invalid header name")),
        ("GET / HTTP/1.1\nX: y\r\n\r\n", .badRequestLine("invalid request line")),
        ("GET / HTTP/1.1\r\nX: y\nZ: w\r\n\r\n", .malformed("bare LF in head")),
        ("GET / HTTP/1.1\r\nX: \u{1}\r\n\r\n", .malformed("control character in head")),
        ("POST / HTTP/1.1\r\nContent-Length: 99\r\n\r\n", .bodyTooLarge),
        ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", .malformed("invalid Content-Length")),
        ("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .malformed("invalid Content-Length")),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", .unsupportedTransferEncoding),
    ])
    func errors(text: String, expected: HTTPParseError) {
        #expect(throws: expected) { _ = try HTTPRequestParser.parse(Array(text.utf8), maxHeadSize: 128, maxBodySize: 10) }
    }

    @Test func utf8Validator() {
        #expect(UTF8Validator.isValid(Array("plain ascii, ünïcödé, 日本, 🎉".utf8)))
        for bad: [UInt8] in [[0x80], [0xC1, 0x81], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xED, 0xBF, 0xBF], [0xF0, 0x9F]] {
            #expect(!UTF8Validator.isValid(bad), "\(bad)")
        }
    }
}
