import Glibc
import Synchronization

/// An RFC 6455 server on its own epoll event loops (no thread, task or buffer per connection).
/// Plain HTTP requests on the same port go to the optional `HTTPRequestHandler`. TLS is not handled:
/// terminate it at a proxy.
public final class WebSocketServer: Sendable {
    private enum Phase { case idle, running([EventLoop], port: Int), stopped }

    private let context: ServerContext
    private let phase = Mutex<Phase>(.idle)

    /// - Parameters:
    ///   - configuration: address, limits and timeouts.
    ///   - handler: receives the events of every WebSocket connection.
    ///   - httpHandler: answers plain HTTP requests; without one they get 404 (426 at `webSocketPath`).
    public init(configuration: WebSocketServerConfiguration, handler: any WebSocketHandler, httpHandler: (any HTTPRequestHandler)? = nil) {
        context = ServerContext(configuration: configuration, handler: handler, httpHandler: httpHandler)
    }

    deinit {
        // A server dropped without shutdown() would leave its loop threads running.
        shutdown()
    }

    /// Binds, listens and starts the event loops.
    /// - Returns: the bound port (useful with port 0).
    /// - Throws: `WebSocketServerError` when binding or starting fails, or on a second call.
    @discardableResult
    public func start() throws(WebSocketServerError) -> Int {
        try phase.withLock { phase throws(WebSocketServerError) -> Int in
            guard case .idle = phase else { throw .alreadyStarted }
            let configuration = context.configuration
            let (fd, port) = try SocketOperations.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            var loops: [EventLoop] = []
            do throws(WebSocketServerError) {
                for _ in 0..<max(1, configuration.eventLoopCount) { loops.append(try EventLoop(context: context)) }
                guard let first = loops.first, first.register(fd, Listener(fd: fd, loops: loops)) else {
                    throw .systemCall("epoll_ctl", errno: errno)
                }
                for loop in loops { try loop.start() }
            } catch {
                close(fd)
                throw error
            }
            phase = .running(loops, port: port)
            context.logger.log(.info, "listening on \(configuration.host.contains(":") && !configuration.host.hasPrefix("[") ? "[\(configuration.host)]" : configuration.host):\(port)")
            return port
        }
    }

    /// The bound port while running.
    public var port: Int? {
        phase.withLock { phase in
            if case .running(_, let port) = phase { return port }
            return nil
        }
    }

    /// Open WebSocket connections right now.
    public var connectionCount: Int { context.openConnections.load(ordering: .relaxed) }

    /// Stops accepting, closes every connection with 1001, waits up to `shutdownTimeout` for the close
    /// handshakes, drops the rest, and stops the loops. Blocks until done, except when called from a
    /// handler callback (an event-loop thread), where it returns at once and the loops stop on their own.
    public func shutdown() {
        let loops = phase.withLock { phase -> [EventLoop] in
            guard case .running(let loops, _) = phase else { return [] }
            phase = .stopped
            return loops
        }
        guard !loops.isEmpty else { return }
        let deadline = SocketOperations.nowMillis() + UInt64(min(max(0, context.configuration.shutdownTimeout), 1e6) * 1000)
        for loop in loops { loop.beginShutdown(deadline: deadline) }
        for loop in loops { loop.join() }
        context.logger.log(.info, "server stopped")
    }
}
