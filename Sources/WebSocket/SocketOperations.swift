import CEpoll
import Glibc

/// Errors starting the server.
public enum WebSocketServerError: Error, Sendable, Equatable {
    /// `host` is not an IPv4 or IPv6 literal (nor `localhost`), or the port is out of range.
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
    /// - Parameter host: an IPv4 literal, an IPv6 literal (`::1`, `::`; brackets allowed) or `localhost`
    ///   (127.0.0.1). `::` accepts IPv4 clients too unless the system sets `bindv6only`.
    /// - Throws: `.invalidHost` for anything else or a port outside 0...65535; `.systemCall` when the
    ///   socket cannot be created, bound or put to listen.
    static func listen(host: String, port: Int, backlog: Int32) throws(WebSocketServerError) -> (fd: Int32, port: Int) {
        guard port >= 0, port <= 65535 else { throw .invalidHost(host) }
        var literal = host
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        if literal == "localhost" { literal = "127.0.0.1" }
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if withUnsafeMutableBytes(of: &storage, { raw -> Bool in
            let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
            address.pointee.sin_family = sa_family_t(AF_INET)
            address.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
            return inet_pton(AF_INET, literal, &address.pointee.sin_addr) == 1
        }) {
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else {
            storage = sockaddr_storage()
            let parsed = withUnsafeMutableBytes(of: &storage) { raw -> Bool in
                let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                address.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                return inet_pton(AF_INET6, literal, &address.pointee.sin6_addr) == 1
            }
            guard parsed else { throw .invalidHost(host) }
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCall("socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
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
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        return (fd, format(actual).port)
    }

    /// Accepts one pending connection (non-blocking, close-on-exec, TCP_NODELAY); nil with errno set when none.
    static func accept(_ listener: Int32) -> (fd: Int32, address: String)? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        // Small frames (pongs, RPC replies) must not wait for Nagle.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return (fd, format(address).text)
    }

    /// `a.b.c.d:port` or `[v6]:port`, and the port.
    static func format(_ storage: sockaddr_storage) -> (text: String, port: Int) {
        var copy = storage
        return withUnsafeBytes(of: &copy) { raw -> (String, Int) in
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if Int32(storage.ss_family) == AF_INET6 {
                var address = raw.load(as: sockaddr_in6.self)
                inet_ntop(AF_INET6, &address.sin6_addr, &text, socklen_t(INET6_ADDRSTRLEN))
                let port = Int(UInt16(bigEndian: address.sin6_port))
                return ("[\(host(text))]:\(port)", port)
            }
            var address = raw.load(as: sockaddr_in.self)
            inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(INET6_ADDRSTRLEN))
            let port = Int(UInt16(bigEndian: address.sin_port))
            return ("\(host(text)):\(port)", port)
        }
    }

    private static func host(_ text: [CChar]) -> String {
        String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
