import Glibc
@testable import WebSocket

/// A blocking TCP client for live tests: writes arbitrary (also hostile) bytes and parses server frames.
/// Every read has a timeout so a broken server fails a test instead of hanging it.
final class RawSocketClient: @unchecked Sendable {
    enum ClientError: Error { case connect(Int32), closed, timeout, badResponse(String) }

    /// A server frame as seen by the client.
    struct Frame: Equatable {
        var fin: Bool
        var opcode: UInt8
        var masked: Bool
        var payload: [UInt8]

        var closeCode: UInt16? {
            guard opcode == 0x8, payload.count >= 2 else { return nil }
            return UInt16(payload[0]) << 8 | UInt16(payload[1])
        }
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `host` (`127.0.0.1` or an IPv6 literal such as `::1`) on `port`.
    init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5) throws {
        let v6 = host.contains(":")
        fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if v6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(host)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ClientError.connect(code)
        }
    }

    private var isOpen = true

    deinit { closeSocket() }

    /// Closes the TCP connection (no close frame).
    func closeSocket() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw ClientError.closed }
            offset += written
        }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Reads more bytes into the buffer; false on EOF.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return false }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError.timeout }
            return false
        }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads an HTTP response head (through CRLFCRLF) and returns it as text.
    func readHTTPHead() throws -> String {
        while true {
            if let end = findHeadEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return head
            }
            guard try fill() else { throw ClientError.closed }
        }
    }

    /// A response head if one has arrived, without waiting; nil otherwise.
    func readHTTPHeadIfAvailable() throws -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count > 0 { buffer.append(contentsOf: chunk[0..<count]) }
        guard findHeadEnd() != nil else { return nil }
        return try readHTTPHead()
    }

    /// Reads an HTTP response with a Content-Length body: (head, body).
    func readHTTPResponse() throws -> (head: String, body: String) {
        let head = try readHTTPHead()
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].filter { $0 != " " }) } ?? 0
        while buffer.count < length { guard try fill() else { throw ClientError.closed } }
        let body = String(decoding: buffer[0..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return (head, body)
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Sends a valid upgrade request and checks the 101.
    func handshake(path: String = "/", extraHeaders: String = "") throws -> String {
        try write("GET \(path) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n")
        let head = try readHTTPHead()
        guard head.hasPrefix("HTTP/1.1 101") else { throw ClientError.badResponse(head) }
        return head
    }

    /// Sends one masked client frame.
    func sendFrame(opcode: UInt8, _ payload: [UInt8], fin: Bool = true, masked: Bool = true, rsv: UInt8 = 0) throws {
        guard let op = WebSocketOpcode(rawValue: opcode) else {
            // Hand-built header for opcodes the encoder does not know.
            var frame: [UInt8] = [(fin ? 0x80 : 0) | rsv | opcode, (masked ? 0x80 : 0) | UInt8(payload.count)]
            if masked { frame += [1, 2, 3, 4] + payload.enumerated().map { $0.element ^ [1, 2, 3, 4][$0.offset & 3] } } else { frame += payload }
            try write(frame)
            return
        }
        var frame = WebSocketFrameEncoder.encode(op, payload, fin: fin, maskKey: masked ? [0x37, 0xFA, 0x21, 0x3D] : nil)
        frame[0] |= rsv
        try write(frame)
    }

    func sendText(_ text: String) throws { try sendFrame(opcode: 0x1, Array(text.utf8)) }

    /// Reads the next frame; nil on EOF.
    func readFrame() throws -> Frame? {
        while true {
            if let frame = parseFrame() { return frame }
            guard try fill() else { return nil }
        }
    }

    /// Reads frames until a close frame (answering nothing); returns it, or nil on EOF first.
    func readUntilClose() throws -> Frame? {
        while let frame = try readFrame() {
            if frame.opcode == 0x8 { return frame }
        }
        return nil
    }

    /// Everything the server sends until it closes the connection; nil when it stays open past the timeout.
    func readToEOF() -> [UInt8]? {
        while true {
            guard let more = try? fill() else { return nil }
            if !more {
                defer { buffer.removeAll() }
                return buffer
            }
        }
    }

    /// Whether the server closed the TCP connection (EOF within the timeout).
    func readsEOF() -> Bool {
        while true {
            guard let more = try? fill() else { return false }
            if !more { return true }
            buffer.removeAll()
        }
    }

    private func parseFrame() -> Frame? {
        guard buffer.count >= 2 else { return nil }
        let masked = buffer[1] & 0x80 != 0
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        if masked { offset += 4 }
        guard buffer.count >= offset + length else { return nil }
        let frame = Frame(fin: buffer[0] & 0x80 != 0, opcode: buffer[0] & 0x0F, masked: masked, payload: Array(buffer[offset..<offset + length]))
        buffer.removeFirst(offset + length)
        return frame
    }
}
