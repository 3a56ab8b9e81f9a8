import BridgeCrypto
#if canImport(Glibc)
import Glibc
#endif

/// A blocking RFC 6455 client connection: `ws://` URLs (any host, IPv4 or IPv6), masked frames,
/// fragmented messages reassembled, pings answered, the close handshake, and a timeout on every wait.
///
/// It blocks the calling thread, so run it on a thread of its own (never on the cooperative pool).
/// One thread at a time may use it; `interrupt()` may be called from any thread to end a wait.
public final class WebSocketClient: @unchecked Sendable {
    /// A complete message (or a close frame) from the server.
    public struct Message: Equatable, Sendable {
        /// 0x1 text, 0x2 binary.
        public var opcode: UInt8
        public var payload: [UInt8]
    }

    /// The parts of a `ws://` URL.
    public struct Endpoint: Equatable, Sendable {
        public var host: String
        public var port: Int
        public var path: String

        /// Parses `ws://host[:port][/path]` (`[v6]` hosts allowed; port 80 by default).
        /// - Throws: `WebSocketClientError.invalidURL`.
        public init(url: String) throws(WebSocketClientError) {
            guard url.hasPrefix("ws://") else { throw .invalidURL(url) }
            let rest = url.dropFirst(5)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            var path = String(rest.dropFirst(authority.count))
            if path.isEmpty { path = "/" }
            if path.hasPrefix("?") { path = "/" + path }
            var host = String(authority)
            var port = 80
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { throw .invalidURL(url) }
                let after = host[host.index(after: close)...]
                if after.hasPrefix(":") {
                    guard let value = Int(after.dropFirst()), (1...65535).contains(value) else { throw .invalidURL(url) }
                    port = value
                } else if !after.isEmpty {
                    throw .invalidURL(url)
                }
                host = String(host[host.index(after: host.startIndex)..<close])
            } else if let colon = host.lastIndex(of: ":") {
                guard let value = Int(host[host.index(after: colon)...]), (1...65535).contains(value) else { throw .invalidURL(url) }
                port = value
                host = String(host[..<colon])
            }
            guard !host.isEmpty else { throw .invalidURL(url) }
            self.init(host: host, port: port, path: path)
        }

        /// An endpoint from its parts.
        public init(host: String, port: Int, path: String = "/") {
            self.host = host
            self.port = port
            self.path = path
        }
    }

    /// The largest message accepted from the server.
    public static let maxMessageSize = 16 << 20

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var isOpen = true
    private var random = SystemRandomNumberGenerator()
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// Connects and completes the upgrade.
    /// - Parameters:
    ///   - endpoint: where to connect.
    ///   - timeoutSeconds: bound on connecting and on the upgrade.
    /// - Throws: `WebSocketClientError`.
    public init(endpoint: Endpoint, timeoutSeconds: Double = 10) throws(WebSocketClientError) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw .connect(address: endpoint.host, reason: String(cString: strerror(errno))) }
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
        do {
            fd = try Self.connect(endpoint, timeoutSeconds: timeoutSeconds)
        } catch {
            Glibc.close(pipeEnds[0])
            Glibc.close(pipeEnds[1])
            throw error
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let keyBytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        let key = Base64Encoding.encode(keyBytes)
        let hostHeader = endpoint.host.contains(":") ? "[\(endpoint.host)]:\(endpoint.port)" : "\(endpoint.host):\(endpoint.port)"
        let request = "GET \(endpoint.path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n"
        do throws(WebSocketClientError) {
            try write(Array(request.utf8))
            let head = try readHead(timeoutSeconds: timeoutSeconds)
            let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            guard let status = lines.first, status.hasPrefix("HTTP/1.1 101") else {
                throw .handshake(String(lines.first ?? "no status line"))
            }
            let expected = Base64Encoding.encode(SHA1.hash(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8)))
            let accept = lines.dropFirst().first { $0.lowercased().hasPrefix("sec-websocket-accept:") }
                .map { String($0.dropFirst("sec-websocket-accept:".count).drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
            guard accept == expected else { throw .handshake("wrong Sec-WebSocket-Accept") }
        } catch {
            closeSocket()
            throw error
        }
    }

    deinit {
        closeSocket()
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
    }

    /// Ends a `receive` waiting on another thread (it throws `.closed(code: nil, …)`); safe from any thread.
    public func interrupt() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
    }

    /// Drops the TCP connection without a close frame.
    public func closeSocket() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }

    /// Sends a text message.
    public func sendText(_ text: String) throws(WebSocketClientError) { try send(opcode: 0x1, Array(text.utf8)) }

    /// Sends a binary message.
    public func sendBinary(_ bytes: [UInt8]) throws(WebSocketClientError) { try send(opcode: 0x2, bytes) }

    /// Sends a close frame (1000 by default) and waits briefly for the server's, then closes the socket.
    public func close(code: UInt16 = 1000, reason: String = "") {
        defer { closeSocket() }
        guard isOpen else { return }
        let payload = [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8.prefix(123))
        guard (try? send(opcode: 0x8, payload)) != nil else { return }
        let deadline = Self.now() + 2
        while Self.now() < deadline {
            do { _ = try receive(timeoutSeconds: max(0.01, deadline - Self.now())) } catch { return }
        }
    }

    /// The next complete message: pings are answered, pongs skipped, fragments joined.
    /// - Parameter timeoutSeconds: how long to wait (nil: forever, until `interrupt()`).
    /// - Throws: `.closed` (with the server's close code, or nil when the connection dropped or was
    ///   interrupted), `.timeout`, `.protocolViolation`.
    public func receive(timeoutSeconds: Double? = nil) throws(WebSocketClientError) -> Message {
        let deadline = timeoutSeconds.map { Self.now() + $0 }
        var fragments: [UInt8] = []
        var fragmentOpcode: UInt8?
        while true {
            let (fin, opcode, payload) = try readFrame(deadline: deadline)
            switch opcode {
            case 0x9:
                try send(opcode: 0xA, payload)
            case 0xA:
                continue
            case 0x8:
                let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005
                let reason = payload.count > 2 ? String(decoding: payload[2...], as: UTF8.self) : ""
                // Echo the close (RFC 6455 §5.5.1), then stop.
                _ = try? send(opcode: 0x8, Array(payload.prefix(2)))
                closeSocket()
                throw .closed(code: code, reason: reason)
            case 0x0:
                guard let first = fragmentOpcode else { throw .protocolViolation("continuation frame without a message") }
                fragments += payload
                guard fragments.count <= Self.maxMessageSize else { throw .protocolViolation("message larger than \(Self.maxMessageSize) bytes") }
                if fin { return Message(opcode: first, payload: fragments) }
            case 0x1, 0x2:
                guard fragmentOpcode == nil else { throw .protocolViolation("new message inside a fragmented one") }
                if fin { return Message(opcode: opcode, payload: payload) }
                fragmentOpcode = opcode
                fragments = payload
            default:
                throw .protocolViolation("unknown opcode \(opcode)")
            }
        }
    }

    // MARK: - Frames

    private func send(opcode: UInt8, _ payload: [UInt8]) throws(WebSocketClientError) {
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

    private func write(_ bytes: [UInt8]) throws(WebSocketClientError) {
        guard isOpen else { throw .closed(code: nil, reason: "") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                Glibc.send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .closed(code: nil, reason: "") }
            offset += written
        }
    }

    private func readFrame(deadline: Double?) throws(WebSocketClientError) -> (Bool, UInt8, [UInt8]) {
        try need(2, deadline: deadline)
        let fin = buffer[0] & 0x80 != 0
        let opcode = buffer[0] & 0x0F
        guard buffer[1] & 0x80 == 0 else { throw .protocolViolation("masked server frame") }
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            try need(4, deadline: deadline)
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            try need(10, deadline: deadline)
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(buffer[index]) }
            guard value <= UInt64(Self.maxMessageSize) else { throw .protocolViolation("frame larger than \(Self.maxMessageSize) bytes") }
            length = Int(value)
            offset = 10
        }
        try need(offset + length, deadline: deadline)
        let payload = Array(buffer[offset..<offset + length])
        buffer.removeFirst(offset + length)
        return (fin, opcode, payload)
    }

    private func need(_ count: Int, deadline: Double?) throws(WebSocketClientError) {
        while buffer.count < count { try fill(deadline: deadline) }
    }

    private func fill(deadline: Double?) throws(WebSocketClientError) {
        guard isOpen else { throw .closed(code: nil, reason: "") }
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let timeout: Int32 = deadline.map { Int32(max(0, min(Double(Int32.max), ($0 - Self.now()) * 1000))) } ?? -1
        let ready = poll(&fds, 2, timeout)
        if ready < 0 {
            if errno == EINTR { return }
            throw .closed(code: nil, reason: String(cString: strerror(errno)))
        }
        if ready == 0 { throw .timeout }
        if fds[1].revents != 0 {
            var byte: UInt8 = 0
            _ = Glibc.read(wakeRead, &byte, 1)
            throw .closed(code: nil, reason: "interrupted")
        }
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 && errno == EINTR { return }
        guard count > 0 else { throw .closed(code: nil, reason: "") }
        buffer.append(contentsOf: chunk[0..<count])
    }

    private func readHead(timeoutSeconds: Double) throws(WebSocketClientError) -> String {
        let deadline = Self.now() + timeoutSeconds
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return head
            }
            guard buffer.count < 16384 else { throw .handshake("response head too long") }
            do { try fill(deadline: deadline) } catch .timeout { throw .handshake("no answer to the upgrade within \(timeoutSeconds) s") }
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

    // MARK: - Connecting

    private static func connect(_ endpoint: Endpoint, timeoutSeconds: Double) throws(WebSocketClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard status == 0, let first = list else {
            throw .unresolvable(host: endpoint.host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = String(cString: strerror(errno)); continue }
            // Non-blocking connect bounded by poll, then back to blocking for the rest of the life.
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&descriptor, 1, Int32(timeoutSeconds * 1000))
                if ready == 1 {
                    var code: Int32 = 0
                    var size = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &size)
                    result = code == 0 ? 0 : -1
                    if code != 0 { errno = code }
                } else {
                    result = -1
                    errno = ETIMEDOUT
                }
            }
            if result == 0 {
                _ = fcntl(fd, F_SETFL, flags)
                return fd
            }
            lastError = String(cString: strerror(errno))
            Glibc.close(fd)
        }
        throw .connect(address: "\(endpoint.host):\(endpoint.port)", reason: lastError)
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Standard base64 for the handshake key.
enum Base64Encoding {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
