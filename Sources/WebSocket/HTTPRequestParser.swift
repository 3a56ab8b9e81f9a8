/// Why an HTTP request could not be parsed; each maps to the status the server answers with.
enum HTTPParseError: Error, Sendable, Equatable {
    /// Request line plus headers exceed the limit → 431.
    case headTooLarge
    /// A Content-Length beyond the body limit → 413.
    case bodyTooLarge
    /// Transfer-Encoding (chunked bodies) is not supported → 501.
    case unsupportedTransferEncoding
    /// Not HTTP/1.0 or HTTP/1.1 → 505.
    case unsupportedVersion
    /// Anything else malformed → 400.
    case malformed(String)

    var status: Int {
        switch self {
        case .headTooLarge: return 431
        case .bodyTooLarge: return 413
        case .unsupportedTransferEncoding: return 501
        case .unsupportedVersion: return 505
        case .malformed: return 400
        }
    }

    var reason: String {
        switch self {
        case .headTooLarge: return "request head too large"
        case .bodyTooLarge: return "request body too large"
        case .unsupportedTransferEncoding: return "transfer-encoding not supported"
        case .unsupportedVersion: return "HTTP version not supported"
        case .malformed(let detail): return detail
        }
    }
}

/// Parses one HTTP/1.x request (head and Content-Length body) from the front of a buffer.
enum HTTPRequestParser {
    /// The request at the start of `buffer` and how many bytes it used; nil when incomplete.
    /// - Throws: `HTTPParseError` for oversized or malformed input.
    static func parse(_ buffer: [UInt8], maxHeadSize: Int, maxBodySize: Int) throws(HTTPParseError) -> (request: HTTPRequest, consumed: Int)? {
        var searched = 0
        return try parse(buffer, maxHeadSize: maxHeadSize, maxBodySize: maxBodySize, searched: &searched)
    }

    /// Like `parse(_:maxHeadSize:maxBodySize:)`, resuming the search for the end of the head where the last
    /// call stopped (`searched`, kept by the caller per connection), so a client sending its head byte by
    /// byte costs linear, not quadratic, time. Reset `searched` to 0 after consuming a request.
    static func parse(
        _ buffer: [UInt8], maxHeadSize: Int, maxBodySize: Int, searched: inout Int
    ) throws(HTTPParseError) -> (request: HTTPRequest, consumed: Int)? {
        guard let headEnd = findHeadEnd(buffer, limit: maxHeadSize, from: max(0, searched - 3)) else {
            if buffer.count >= maxHeadSize { throw .headTooLarge }
            searched = buffer.count
            return nil
        }
        searched = headEnd
        var request = try parseHead(buffer[0..<headEnd])
        let bodyStart = headEnd + 4
        if request.headers.first("Transfer-Encoding") != nil { throw .unsupportedTransferEncoding }
        let lengths = request.headers.values("Content-Length")
        var bodyLength = 0
        if !lengths.isEmpty {
            let distinct = Set(lengths.map { HTTPHeaders.trim(Substring($0)) })
            guard distinct.count == 1, let text = distinct.first, !text.isEmpty, text.utf8.count <= 12,
                  text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(text)
            else { throw .malformed("invalid Content-Length") }
            guard length <= maxBodySize else { throw .bodyTooLarge }
            bodyLength = length
        }
        guard buffer.count >= bodyStart + bodyLength else { return nil }
        request.body = Array(buffer[bodyStart..<bodyStart + bodyLength])
        return (request, bodyStart + bodyLength)
    }

    /// Index of the CRLFCRLF that ends the head, searched only within the first `limit` bytes.
    private static func findHeadEnd(_ buffer: [UInt8], limit: Int, from start: Int) -> Int? {
        let end = min(buffer.count, limit) - 3
        guard end > 0 else { return nil }
        var index = max(0, start)
        while index < end {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    private static func parseHead(_ head: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPRequest {
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
        guard let requestLine = lines.first else { throw .malformed("empty request") }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy(isTokenByte), parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw .malformed("invalid request line") }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            if version.hasPrefix("HTTP/") { throw .unsupportedVersion }
            throw .malformed("invalid request line")
        }
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
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
