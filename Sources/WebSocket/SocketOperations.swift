import CEpoll
import Glibc

/// Errors starting the server.
public enum WebSocketServerError: Error, Sendable, Equatable {
    /// `host` is not an IPv4 dotted quad.
    case invalidHost(String)
    /// A system call failed: which one and errno.
    case systemCall(String, errno: Int32)
    /// `start()` was called twice, or after `shutdown()`.
    case alreadyStarted
}

/// Thin wrappers over the socket system calls the event loop uses.
enum SocketOperations {
    /// Milliseconds of the monotonic clock.
    static func nowMillis() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec) / 1_000_000
    }

    /// Nanoseconds of the monotonic clock.
    static func nowNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// A non-blocking listening socket bound to `host:port`; returns it with the bound port.
    static func listen(host: String, port: Int, backlog: Int32) throws(WebSocketServerError) -> (fd: Int32, port: Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard port >= 0, port <= 65535, inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw .invalidHost(host) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCall("socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw .systemCall("bind", errno: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .systemCall("listen", errno: code)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// Accepts one pending connection (non-blocking, close-on-exec, TCP_NODELAY); nil with errno set when none.
    static func accept(_ listener: Int32) -> (fd: Int32, address: String)? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        // Small frames (pongs, RPC replies) must not wait for Nagle.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return (fd, format(address))
    }

    /// `a.b.c.d:port`.
    static func format(_ address: sockaddr_in) -> String {
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        var inAddress = address.sin_addr
        inet_ntop(AF_INET, &inAddress, &text, socklen_t(INET_ADDRSTRLEN))
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host):\(UInt16(bigEndian: address.sin_port))"
    }

    /// Writes as much of `bytes[offset...]` as the socket takes; returns bytes written, 0 when it would
    /// block, nil on a hard error.
    static func send(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> Int? {
        while true {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written >= 0 { return written }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return 0
            default: return nil
            }
        }
    }
}
