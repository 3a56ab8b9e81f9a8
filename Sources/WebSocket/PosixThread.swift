import Glibc

/// Starts plain POSIX threads. The event loops and the benchmark's blocking helpers need threads of their
/// own: on Linux, Dispatch's global workers also run the Swift concurrency pool, so blocking one of them
/// would starve every task in the process.
enum PosixThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `body` on a new thread; returns it (joinable).
    /// - Throws: `WebSocketServerError.systemCall` when the thread cannot be created.
    static func start(_ body: @escaping @Sendable () -> Void) throws(WebSocketServerError) -> pthread_t {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        let result = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<Body>.fromOpaque(argument).takeRetainedValue().run()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            throw .systemCall("pthread_create", errno: result)
        }
        return thread
    }
}
