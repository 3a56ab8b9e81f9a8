import Foundation
import Glibc

/// A blocking loopback WebSocket client for `SocialBenchmark`: handshake, masked client frames,
/// unfragmented server frames; pongs are returned to the caller like data frames.
final class BenchWebSocket: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    /// Connects to 127.0.0.1:`port` and upgrades.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect failed: \(errno)")
        }
        try writeAll(Array(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 4
                guard head.hasPrefix("HTTP/1.1 101") else { throw Failure(description: "upgrade refused: \(head)") }
                return
            }
            try fill()
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends one masked frame (`opcode` 0x1 text, 0x2 binary, 0x9 ping).
    func send(opcode: UInt8, _ payload: [UInt8]) throws {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((UInt64(payload.count) >> (8 * UInt64($0))) & 0xFF) }
        }
        let mask: [UInt8] = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset & 3] }
        try writeAll(frame)
    }

    /// The next frame from the server: (opcode, payload).
    func receive() throws -> (opcode: UInt8, payload: [UInt8]) {
        try need(2)
        let opcode = buffer[start] & 0x0F
        var length = Int(buffer[start + 1] & 0x7F)
        var offset = 2
        if length == 126 {
            try need(4)
            length = Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
            offset = 4
        } else if length == 127 {
            try need(10)
            length = (2..<10).reduce(0) { $0 << 8 | Int(buffer[start + $1]) }
            offset = 10
        }
        try need(offset + length)
        let payload = Array(buffer[(start + offset)..<(start + offset + length)])
        start += offset + length
        if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
        return (opcode, payload)
    }

    private func headEnd() -> Int? {
        let crlf: [UInt8] = [13, 10, 13, 10]
        guard buffer.count - start >= 4 else { return nil }
        for index in start...(buffer.count - 4) where Array(buffer[index..<index + 4]) == crlf { return index }
        return nil
    }

    private func need(_ count: Int) throws { while buffer.count - start < count { try fill() } }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let read = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard read > 0 else { throw Failure(description: read == 0 ? "connection closed" : "recv failed: \(errno)") }
        buffer += chunk[0..<read]
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send failed: \(errno)") }
            sent += written
        }
    }
}
