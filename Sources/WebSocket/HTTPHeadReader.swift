/// Reads one request head incrementally, as its bytes arrive: the request line is validated byte by
/// byte (`method SP target SP HTTP/1.0|1.1 CRLF`), so a TLS ClientHello, binary or a bare newline is
/// refused on its first wrong byte instead of waiting for CRLFCRLF; header bytes are checked for
/// control characters and bare CR/LF the same way. Each byte is examined once, however slowly the
/// client sends them.
struct HTTPHeadReader {
    /// What the bytes so far amount to.
    enum Outcome {
        /// Valid so far; the head is not complete.
        case needMore
        /// The head is complete: the request (empty body) and the head's length including CRLFCRLF.
        case complete(HTTPRequest, headLength: Int)
    }

    private enum Phase: Equatable {
        case method
        case target
        /// Matching `HTTP/1.0` or `HTTP/1.1`: how many version bytes matched so far.
        case version(Int)
        /// The request line's CR arrived; LF must follow.
        case requestLineLF
        /// Header lines: `lineLength` bytes of the current line, `afterCR` when its CR arrived.
        case headers(lineLength: Int, afterCR: Bool)
    }

    private static let versionPrefix = Array("HTTP/1.".utf8)

    private var phase = Phase.method
    private var tokenLength = 0
    /// Bytes of the buffer already examined.
    private(set) var examined = 0

    /// Whether any byte of this head has arrived.
    var hasStarted: Bool { examined > 0 }

    /// Examines the bytes of `buffer` not seen yet (the buffer must start with this head and only grow).
    /// - Parameter maxHeadSize: the longest head accepted, CRLFCRLF included.
    /// - Throws: `.badRequestLine` at the first byte that cannot belong to a request line, `.malformed`
    ///   for a control character or bare CR/LF among the headers (or a bad header field), `.headTooLarge`
    ///   once `maxHeadSize` bytes arrived without the end of the head.
    mutating func scan(_ buffer: [UInt8], maxHeadSize: Int) throws(HTTPParseError) -> Outcome {
        while examined < buffer.count {
            let byte = buffer[examined]
            examined += 1
            if try advance(byte) {
                let request = try HTTPRequestParser.parseHead(buffer[0..<(examined - 4)])
                return .complete(request, headLength: examined)
            }
            if examined >= maxHeadSize { throw .headTooLarge }
        }
        return .needMore
    }

    /// Consumes one byte; true when it ends the head.
    private mutating func advance(_ byte: UInt8) throws(HTTPParseError) -> Bool {
        switch phase {
        case .method:
            if HTTPRequestParser.isTokenByte(byte) {
                tokenLength += 1
            } else if byte == UInt8(ascii: " ") && tokenLength > 0 {
                phase = .target
                tokenLength = 0
            } else {
                throw .badRequestLine(examined == 1 && byte == 0x16
                    ? "this port speaks plain HTTP and WebSocket, not TLS (terminate TLS at a proxy)"
                    : "invalid request line")
            }
        case .target:
            if HTTPRequestParser.isTargetByte(byte) {
                tokenLength += 1
            } else if byte == UInt8(ascii: " ") && tokenLength > 0 {
                phase = .version(0)
            } else {
                throw .badRequestLine("invalid request line")
            }
        case .version(let matched):
            if matched < Self.versionPrefix.count {
                guard byte == Self.versionPrefix[matched] else { throw .badRequestLine("invalid request line (HTTP/1.0 or HTTP/1.1 only)") }
                phase = .version(matched + 1)
            } else if matched == Self.versionPrefix.count {
                guard byte == UInt8(ascii: "0") || byte == UInt8(ascii: "1") else {
                    throw .badRequestLine("invalid request line (HTTP/1.0 or HTTP/1.1 only)")
                }
                phase = .version(matched + 1)
            } else {
                guard byte == 13 else { throw .badRequestLine("invalid request line") }
                phase = .requestLineLF
            }
        case .requestLineLF:
            guard byte == 10 else { throw .badRequestLine("invalid request line") }
            phase = .headers(lineLength: 0, afterCR: false)
        case .headers(let lineLength, let afterCR):
            if afterCR {
                guard byte == 10 else { throw .malformed("bare CR in head") }
                if lineLength == 0 { return true }
                phase = .headers(lineLength: 0, afterCR: false)
            } else if byte == 13 {
                phase = .headers(lineLength: lineLength, afterCR: true)
            } else if byte == 10 {
                throw .malformed("bare LF in head")
            } else if byte == 9 || (byte >= 0x20 && byte != 0x7F) {
                phase = .headers(lineLength: lineLength + 1, afterCR: false)
            } else {
                throw .malformed("control character in head")
            }
        }
        return false
    }
}
