import CEpoll
import Glibc

/// The listening socket, on the first loop; spreads accepted connections over all loops.
final class Listener: LoopClient {
    let fd: Int32
    private let loops: [EventLoop]
    private var next = 0
    private var paused = false
    private var pausedUntil: UInt64 = 0
    private var closed = false

    init(fd: Int32, loops: [EventLoop]) {
        self.fd = fd
        self.loops = loops
    }

    func handle(events: UInt32, on loop: EventLoop) {
        // Bounded batch so a connection storm does not starve established connections.
        for _ in 0..<256 {
            guard let (client, address) = SocketOperations.accept(fd) else {
                let code = errno
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    // Out of descriptors: stop polling the listener for a moment instead of spinning.
                    loop.context.logger.log(.error, "accept failed (errno \(code)), pausing accepts for 100 ms")
                    loop.modify(fd, events: 0)
                    paused = true
                    pausedUntil = SocketOperations.nowMillis() + 100
                }
                return
            }
            let target = loops[next % loops.count]
            next &+= 1
            let context = loop.context
            if target === loop {
                adopt(client, address, on: target)
            } else {
                target.execute { [target] in
                    Listener.adoptOnLoop(client, address, context: context, loop: target)
                }
            }
        }
    }

    private func adopt(_ client: Int32, _ address: String, on loop: EventLoop) {
        Self.adoptOnLoop(client, address, context: loop.context, loop: loop)
    }

    private static func adoptOnLoop(_ client: Int32, _ address: String, context: ServerContext, loop: EventLoop) {
        let channel = HTTPChannel(fd: client, remoteAddress: address, context: context)
        if !loop.register(client, channel) { close(client) }
    }

    func tick(now: UInt64, on loop: EventLoop) {
        if paused && now >= pausedUntil {
            paused = false
            loop.modify(fd, events: EPOLLIN.rawValue)
        }
    }

    func beginShutdown(on loop: EventLoop) { release(on: loop) }

    func forceClose(on loop: EventLoop) { release(on: loop) }

    private func release(on loop: EventLoop) {
        guard !closed else { return }
        closed = true
        loop.deregister(fd)
        close(fd)
    }
}
