import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking loopback WebSocket client for `bench social`: handshake, masked frames, reassembled reads,
/// client pings. Runs on a thread of its own (never on the cooperative pool the server needs); every read
/// times out so a stalled server fails the benchmark instead of hanging it.
final class BenchWebSocketClient {
    /// One complete message or control frame from the server.
    struct Frame {
        var opcode: UInt8
        var payload: [UInt8]
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var isOpen = true

    /// Connects to 127.0.0.1:`port` and completes the upgrade.
    /// - Throws: `BenchFailure` when the connection or the handshake fails.
    init(port: Int, timeoutSeconds: Int = 15) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchFailure("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(fd)
            throw BenchFailure("connect: errno \(code)")
        }
        do {
            try write(Array(("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
            var head: [UInt8] = []
            while !head.ends(with: [13, 10, 13, 10]) {
                head.append(try byte())
                guard head.count < 8192 else { throw BenchFailure("handshake answer too long") }
            }
            guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
                throw BenchFailure("handshake refused: \(String(decoding: head.prefix(80), as: UTF8.self))")
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Drops the TCP connection (the server sees an abnormal close; fine for a benchmark).
    func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }

    func sendBinary(_ payload: [UInt8]) throws { try send(opcode: 0x2, payload) }
    func sendText(_ text: String) throws { try send(opcode: 0x1, Array(text.utf8)) }

    /// Sends a ping and waits for its pong; data messages arriving first are an error (callers ping only
    /// when nothing else is in flight).
    func ping(_ payload: [UInt8]) throws {
        try send(opcode: 0x9, payload)
        let frame = try receive()
        guard frame.opcode == 0xA, frame.payload == payload else { throw BenchFailure("expected a pong, got opcode \(frame.opcode)") }
    }

    /// The next data message or pong (server pings are answered and skipped; a close frame is an error).
    func receive() throws -> Frame {
        var message: Frame?
        while true {
            let first = try byte(), second = try byte()
            var length = Int(second & 0x7F)
            if length == 126 {
                length = Int(try byte()) << 8 | Int(try byte())
            } else if length == 127 {
                length = 0
                for _ in 0..<8 { length = length << 8 | Int(try byte()) }
            }
            guard length <= 16 << 20, second & 0x80 == 0 else { throw BenchFailure("unexpected frame header") }
            let payload = try bytes(length)
            let opcode = first & 0x0F
            switch opcode {
            case 0x8: throw BenchFailure("server closed the connection: \(payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : 1005)")
            case 0x9: try send(opcode: 0xA, payload)
            case 0xA: return Frame(opcode: opcode, payload: payload)
            case 0x0:
                guard message != nil else { throw BenchFailure("continuation without a message") }
                message?.payload += payload
            default: message = Frame(opcode: opcode, payload: payload)
            }
            if first & 0x80 != 0, opcode < 0x8, let complete = message { return complete }
        }
    }

    private func send(opcode: UInt8, _ payload: [UInt8]) throws {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: payload.count >> shift)) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame.reserveCapacity(frame.count + payload.count)
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index & 3]) }
        try write(frame)
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw BenchFailure("send failed: errno \(errno)") }
            offset += written
        }
    }

    private func fill() throws {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer += chunk[0..<count]
                return
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw BenchFailure("read timed out") }
            throw BenchFailure("connection closed by the server")
        }
    }

    private func byte() throws -> UInt8 {
        if start == buffer.count { try fill() }
        defer { start += 1 }
        return buffer[start]
    }

    private func bytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count { try fill() }
        defer { start += count }
        return Array(buffer[start..<(start + count)])
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
