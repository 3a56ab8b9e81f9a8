import Glibc

/// A minimal blocking WebSocket client for loopback measurements (`RPCBenchmark`) and live tests:
/// handshake, masked frames, unfragmented reads of what the server sends. Every read has a timeout.
/// Public for the `social-bridge bench` commands; it blocks, so run it on a thread of its own.
public final class LoopbackWebSocketClient {
    public enum ClientError: Error, Equatable {
        case connect(Int32)
        case handshake(String)
        case closed
        case timeout
        case protocolError(String)
    }

    /// A frame the server sent.
    public struct Frame: Equatable, Sendable {
        public var opcode: UInt8
        public var payload: [UInt8]

        /// The close code of a close frame.
        public var closeCode: UInt16? {
            guard opcode == 0x8, payload.count >= 2 else { return nil }
            return UInt16(payload[0]) << 8 | UInt16(payload[1])
        }

        public var closeReason: String {
            guard opcode == 0x8, payload.count > 2 else { return "" }
            return String(decoding: payload[2...], as: UTF8.self)
        }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var isOpen = true
    private var random = SystemRandomNumberGenerator()

    /// Connects to 127.0.0.1:`port` and completes the upgrade.
    /// - Throws: `ClientError` when the connection or the handshake fails.
    public init(port: Int, path: String = "/", timeoutSeconds: Int = 10) throws(ClientError) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connect(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .connect(code)
        }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        do throws(ClientError) {
            try write(Array(request.utf8))
            let head = try readHead()
            guard head.hasPrefix("HTTP/1.1 101") else { throw .handshake(head) }
        } catch {
            Glibc.close(fd)
            isOpen = false
            throw error
        }
    }

    deinit { closeSocket() }

    /// Drops the TCP connection without a close frame.
    public func closeSocket() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }

    /// Sends one masked frame (FIN set).
    public func send(opcode: UInt8, _ payload: [UInt8]) throws(ClientError) {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame.append(0x80 | 126)
            frame.append(contentsOf: [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)])
        } else {
            frame.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: payload.count >> shift)) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255, using: &random) }
        frame.append(contentsOf: mask)
        frame.reserveCapacity(frame.count + payload.count)
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index & 3]) }
        try write(frame)
    }

    public func sendBinary(_ payload: [UInt8]) throws(ClientError) { try send(opcode: 0x2, payload) }
    public func sendText(_ text: String) throws(ClientError) { try send(opcode: 0x1, Array(text.utf8)) }

    /// The next frame from the server (pings are answered and skipped).
    public func receive() throws(ClientError) -> Frame {
        while true {
            let frame = try readFrame()
            if frame.opcode == 0x9 {
                try send(opcode: 0xA, frame.payload)
                continue
            }
            return frame
        }
    }

    /// Sends a ping and waits for its pong.
    /// - Returns: the frames that arrived before the pong (normally none).
    public func ping(_ payload: [UInt8]) throws(ClientError) -> [Frame] {
        try send(opcode: 0x9, payload)
        var others: [Frame] = []
        while true {
            let frame = try receive()
            if frame.opcode == 0xA, frame.payload == payload { return others }
            if frame.opcode == 0x8 { throw .closed }
            others.append(frame)
        }
    }

    // MARK: bytes

    public func write(_ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw .closed }
            offset += written
        }
    }

    private func fill() throws(ClientError) {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { throw .closed }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { throw .timeout }
            throw .closed
        }
        buffer.append(contentsOf: chunk[0..<count])
    }

    private func readHead() throws(ClientError) -> String {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return head
            }
            guard buffer.count < 16384 else { throw .handshake("response head too long") }
            try fill()
        }
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func need(_ count: Int) throws(ClientError) {
        while buffer.count < count { try fill() }
    }

    private func readFrame() throws(ClientError) -> Frame {
        try need(2)
        let opcode = buffer[0] & 0x0F
        guard buffer[1] & 0x80 == 0 else { throw .protocolError("masked server frame") }
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            try need(4)
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            try need(10)
            length = 0
            for index in 2..<10 { length = length << 8 | Int(buffer[index]) }
            offset = 10
            guard length >= 0, length <= 1 << 24 else { throw .protocolError("frame too long") }
        }
        try need(offset + length)
        let payload = Array(buffer[offset..<offset + length])
        buffer.removeFirst(offset + length)
        return Frame(opcode: opcode, payload: payload)
    }
}
