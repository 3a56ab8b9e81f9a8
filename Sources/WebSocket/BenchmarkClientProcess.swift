import Glibc

/// The benchmark's idle clients, in a forked child process so their descriptors and memory do not count
/// against the server's. The child only makes system calls on memory prepared before `fork` (it must not
/// allocate or take locks another thread may have held at fork time).
struct BenchmarkClientProcess {
    let pid: pid_t
    private let readyFD: Int32
    private let holdFD: Int32

    /// Forks a child that opens `count` connections to 127.0.0.1:`port`, completes the upgrade on each,
    /// reports how many succeeded, and holds them until `release()`.
    /// - Throws: `WebSocketServerError.systemCall` when pipe or fork fails.
    static func spawn(count: Int, port: Int) throws(WebSocketServerError) -> BenchmarkClientProcess {
        var ready: [Int32] = [0, 0], hold: [Int32] = [0, 0]
        guard pipe(&ready) == 0 else { throw .systemCall("pipe", errno: errno) }
        guard pipe(&hold) == 0 else { throw .systemCall("pipe", errno: errno) }
        let request = Array("GET /bench HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8)
        let requestBytes = UnsafeMutableRawPointer.allocate(byteCount: request.count, alignment: 1)
        request.withUnsafeBytes { requestBytes.copyMemory(from: $0.baseAddress!, byteCount: request.count) }
        let address = UnsafeMutablePointer<sockaddr_in>.allocate(capacity: 1)
        address.initialize(to: sockaddr_in())
        address.pointee.sin_family = sa_family_t(AF_INET)
        address.pointee.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.pointee.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let descriptors = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, count))
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 8)
        let pid = fork()
        if pid == 0 {
            close(ready[0])
            close(hold[1])
            runChild(count: count, address: address, request: requestBytes, requestLength: request.count,
                     descriptors: descriptors, scratch: scratch, readyFD: ready[1], holdFD: hold[0])
        }
        requestBytes.deallocate()
        address.deallocate()
        descriptors.deallocate()
        scratch.deallocate()
        close(ready[1])
        close(hold[0])
        guard pid > 0 else {
            let code = errno
            close(ready[0])
            close(hold[1])
            throw .systemCall("fork", errno: code)
        }
        return BenchmarkClientProcess(pid: pid, readyFD: ready[0], holdFD: hold[1])
    }

    /// Waits up to `timeoutMillis` for the child's report (on a thread of its own, so no concurrency-pool
    /// thread blocks): connections it completed, nil on timeout/failure.
    func waitUntilConnected(timeoutMillis: Int32) async -> Int? {
        await withCheckedContinuation { continuation in
            do {
                let thread = try PosixThread.start { [self] in continuation.resume(returning: waitBlocking(timeoutMillis)) }
                pthread_detach(thread)
            } catch {
                continuation.resume(returning: nil)
            }
        }
    }

    private func waitBlocking(_ timeoutMillis: Int32) -> Int? {
        var poller = pollfd(fd: readyFD, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMillis) == 1 else { return nil }
        var established = 0
        guard read(readyFD, &established, MemoryLayout<Int>.size) == MemoryLayout<Int>.size else { return nil }
        return established
    }

    /// Lets the child exit (closing its connections) and reaps it.
    func release() {
        close(holdFD)
        close(readyFD)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    private static func runChild(
        count: Int, address: UnsafeMutablePointer<sockaddr_in>, request: UnsafeMutableRawPointer, requestLength: Int,
        descriptors: UnsafeMutablePointer<Int32>, scratch: UnsafeMutableRawPointer, readyFD: Int32, holdFD: Int32
    ) -> Never {
        var opened = 0
        // Connect and send every upgrade first, then collect the answers: the server works meanwhile.
        while opened < count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if fd < 0 { break }
            let connected = address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
            if connected != 0 || write(fd, request, requestLength) != requestLength {
                close(fd)
                break
            }
            descriptors[opened] = fd
            opened += 1
        }
        var established = 0
        var index = 0
        while index < opened {
            if readResponseHead(descriptors[index], scratch) { established += 1 }
            index += 1
        }
        _ = withUnsafeMutablePointer(to: &established) { write(readyFD, $0, MemoryLayout<Int>.size) }
        // Hold everything until the parent closes its end of the pipe.
        _ = read(holdFD, scratch, 1)
        _exit(0)
    }

    /// Reads until the end of the HTTP response head; true when it was a 101.
    private static func readResponseHead(_ fd: Int32, _ scratch: UnsafeMutableRawPointer) -> Bool {
        let bytes = scratch.assumingMemoryBound(to: UInt8.self)
        var total = 0
        while total < 1024 {
            let count = read(fd, scratch + total, 1024 - total)
            if count <= 0 { return false }
            total += count
            if total >= 4 && bytes[total - 4] == 13 && bytes[total - 3] == 10 && bytes[total - 2] == 13 && bytes[total - 1] == 10 {
                // "HTTP/1.1 101"
                return total > 12 && bytes[9] == 0x31 && bytes[10] == 0x30 && bytes[11] == 0x31
            }
        }
        return false
    }
}
