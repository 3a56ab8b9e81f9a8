/// Why an HTTP request could not be read; each maps to the status the server answers with.
enum HTTPParseError: Error, Sendable, Equatable {
    /// The bytes cannot start a request line `method SP target SP HTTP/1.0|1.1 CRLF` → 400.
    case badRequestLine(String)
    /// Request line plus headers exceed the limit → 431.
    case headTooLarge
    /// A Content-Length beyond the body limit → 413.
    case bodyTooLarge
    /// Transfer-Encoding (chunked bodies) is not supported → 501.
    case unsupportedTransferEncoding
    /// A malformed header field or Content-Length → 400.
    case malformed(String)

    var status: Int {
        switch self {
        case .badRequestLine, .malformed: return 400
        case .headTooLarge: return 431
        case .bodyTooLarge: return 413
        case .unsupportedTransferEncoding: return 501
        }
    }

    var reason: String {
        switch self {
        case .badRequestLine(let detail): return detail
        case .headTooLarge: return "request head too large"
        case .bodyTooLarge: return "request body too large"
        case .unsupportedTransferEncoding: return "transfer-encoding not supported"
        case .malformed(let detail): return detail
        }
    }

    /// The metrics label of the refusal.
    var rejection: HTTPRejection {
        switch self {
        case .badRequestLine: return .badRequestLine
        case .headTooLarge: return .headerTooLarge
        case .bodyTooLarge: return .bodyTooLarge
        case .unsupportedTransferEncoding, .malformed: return .badHeader
        }
    }
}

/// Builds requests from heads found by `HTTPHeadReader`, and reads whole requests from a buffer (tests).
enum HTTPRequestParser {
    /// The request at the start of `buffer` and how many bytes it used; nil when incomplete.
    /// - Throws: `HTTPParseError` for oversized or malformed input.
    static func parse(_ buffer: [UInt8], maxHeadSize: Int, maxBodySize: Int) throws(HTTPParseError) -> (request: HTTPRequest, consumed: Int)? {
        var reader = HTTPHeadReader()
        guard case .complete(var request, let headLength) = try reader.scan(buffer, maxHeadSize: maxHeadSize) else { return nil }
        let length = try bodyLength(of: request)
        guard length <= maxBodySize else { throw .bodyTooLarge }
        guard buffer.count >= headLength + length else { return nil }
        request.body = Array(buffer[headLength..<headLength + length])
        return (request, headLength + length)
    }

    /// The body length a head announces (0 without Content-Length).
    /// - Throws: `.unsupportedTransferEncoding` for any Transfer-Encoding, `.malformed` for an invalid or
    ///   conflicting Content-Length.
    static func bodyLength(of head: HTTPRequest) throws(HTTPParseError) -> Int {
        if head.headers.first("Transfer-Encoding") != nil { throw .unsupportedTransferEncoding }
        let lengths = head.headers.values("Content-Length")
        guard !lengths.isEmpty else { return 0 }
        let distinct = Set(lengths.map { HTTPHeaders.trim(Substring($0)) })
        guard distinct.count == 1, let text = distinct.first, !text.isEmpty, text.utf8.count <= 12,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(text)
        else { throw .malformed("invalid Content-Length") }
        return length
    }

    /// Splits a head (without its final CRLFCRLF) already validated byte by byte by `HTTPHeadReader` into
    /// a request; header fields are checked here (RFC 9112 §5).
    static func parseHead(_ head: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPRequest {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == 13 {
                guard index + 1 < head.endIndex, head[index + 1] == 10 else { throw .malformed("bare CR in head") }
                lines.append(head[lineStart..<index])
                index += 2
                lineStart = index
            } else if head[index] == 10 {
                throw .malformed("bare LF in head")
            } else {
                index += 1
            }
        }
        lines.append(head[lineStart..<head.endIndex])
        guard let requestLine = lines.first else { throw .badRequestLine("empty request") }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy(isTokenByte), parts[1].allSatisfy(isTargetByte)
        else { throw .badRequestLine("invalid request line") }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .badRequestLine("invalid request line") }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("header line without colon") }
            let name = line[line.startIndex..<colon]
            // Empty names, whitespace before the colon and obsolete line folding are all refused (RFC 9112 §5).
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .malformed("invalid header name") }
            let value = line[(colon + 1)...]
            guard value.allSatisfy({ $0 == 9 || ($0 >= 0x20 && $0 != 0x7F) }) else { throw .malformed("invalid header value") }
            headers.append(name: String(decoding: name, as: UTF8.self),
                           value: HTTPHeaders.trim(Substring(String(decoding: value, as: UTF8.self))))
        }
        return HTTPRequest(method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
                           version: version, headers: headers)
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): return true
        default: return false
        }
    }

    /// A visible ASCII byte: what a request target may contain (RFC 9112 §3.2, before percent-decoding).
    static func isTargetByte(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}
