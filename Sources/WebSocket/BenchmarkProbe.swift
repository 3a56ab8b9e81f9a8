import Glibc

/// One in-process client connection that answers the server's pings, so the benchmark can time ping
/// round trips from the server side while the idle connections are held.
final class BenchmarkProbe: @unchecked Sendable {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port` at `path` and completes the upgrade.
    /// - Throws: `WebSocketServerError.systemCall` when the connection or upgrade fails.
    init(port: Int, path: String) throws(WebSocketServerError) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCall("socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), 1 /* TCP_NODELAY */, &one, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .systemCall("connect", errno: code)
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var head: [UInt8] = []
        var byte: UInt8 = 0
        // Byte-wise so nothing after the head is consumed here.
        while !(head.count >= 4 && head.suffix(4) == [13, 10, 13, 10]) {
            guard read(fd, &byte, 1) == 1 else {
                Glibc.close(fd)
                throw .systemCall("upgrade", errno: errno)
            }
            head.append(byte)
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            Glibc.close(fd)
            throw .systemCall("upgrade", errno: 0)
        }
        let thread = try PosixThread.start { [self] in answerPings() }
        pthread_detach(thread)
    }

    /// Ends the connection (the answering thread sees EOF and stops).
    func close() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Reads server frames and answers each ping with a masked pong carrying the same payload.
    private func answerPings() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            while buffer.count >= 2 {
                let length = Int(buffer[1] & 0x7F)
                // The server sends only small control frames on this connection.
                guard length < 126 else { Glibc.close(fd); return }
                guard buffer.count >= 2 + length else { break }
                let opcode = buffer[0] & 0x0F
                let payload = Array(buffer[2..<2 + length])
                buffer.removeFirst(2 + length)
                if opcode == 0x8 { Glibc.close(fd); return }
                if opcode == 0x9 {
                    let pong = WebSocketFrameEncoder.encode(.pong, payload, maskKey: [0x11, 0x22, 0x33, 0x44])
                    _ = pong.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
            }
        }
        Glibc.close(fd)
    }
}
