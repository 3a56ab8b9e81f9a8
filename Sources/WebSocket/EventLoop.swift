import CEpoll
import Glibc
import Synchronization

/// Something registered on an event loop (listener, HTTP channel, WebSocket connection). All calls
/// happen on the loop's thread.
protocol LoopClient: AnyObject {
    /// epoll reported `events` for this client's descriptor.
    func handle(events: UInt32, on loop: EventLoop)
    /// Periodic timer (timeouts, pings).
    func tick(now: UInt64, on loop: EventLoop)
    /// The server is shutting down: start closing.
    func beginShutdown(on loop: EventLoop)
    /// The shutdown deadline passed: release everything now.
    func forceClose(on loop: EventLoop)
}

/// One epoll thread: owns its descriptors, one shared read buffer, and a queue of tasks posted by other
/// threads. No per-connection thread, task or buffer.
final class EventLoop: @unchecked Sendable {
    static let readBufferSize = 64 << 10

    let context: ServerContext
    /// Shared by every connection of this loop; only valid during one `handle` call.
    let readBuffer: UnsafeMutableRawBufferPointer
    private let epollFD: Int32
    private let wakeFD: Int32
    private var clients: [(any LoopClient)?] = []
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private let stopped = Atomic<Bool>(false)
    private var thread = pthread_t()
    private var draining = false
    private var drainDeadline: UInt64 = 0
    private var liveClients = 0

    init(context: ServerContext) throws(WebSocketServerError) {
        self.context = context
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .systemCall("epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let code = errno
            close(epollFD)
            throw .systemCall("eventfd", errno: code)
        }
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)
    }

    deinit {
        close(epollFD)
        close(wakeFD)
        readBuffer.deallocate()
    }

    /// Starts the loop thread.
    func start() throws(WebSocketServerError) {
        thread = try PosixThread.start { [self] in run() }
    }

    /// Waits for the loop thread to end (after `beginShutdown`); a no-op on the loop thread itself.
    func join() {
        guard !isCurrent else { return }
        pthread_join(thread, nil)
    }

    /// Whether the caller runs on this loop's thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Runs `task` on the loop thread (soon; never inline).
    func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: registration (loop thread)

    /// Adds `client` for `fd` with the given epoll interest.
    @discardableResult
    func register(_ fd: Int32, _ client: any LoopClient, events: UInt32 = EPOLLIN.rawValue) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else { return false }
        let index = Int(fd)
        if index >= clients.count { clients.append(contentsOf: repeatElement(nil, count: index + 1 - clients.count)) }
        clients[index] = client
        liveClients += 1
        return true
    }

    /// Swaps the client object of a registered descriptor (HTTP channel → WebSocket connection).
    func replace(_ fd: Int32, with client: any LoopClient) {
        let index = Int(fd)
        guard index < clients.count, clients[index] != nil else { return }
        clients[index] = client
    }

    /// Changes the epoll interest of `fd`; safe from any thread while `fd` is open.
    func modify(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    /// Removes `fd` (the caller closes it).
    func deregister(_ fd: Int32) {
        epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        let index = Int(fd)
        guard index < clients.count, clients[index] != nil else { return }
        clients[index] = nil
        liveClients -= 1
    }

    /// Asks the loop to close its clients and stop by `deadline` (monotonic ms).
    func beginShutdown(deadline: UInt64) {
        execute { [self] in
            guard !draining else { return }
            draining = true
            drainDeadline = deadline
            forEachClient { $0.beginShutdown(on: self) }
        }
    }

    // MARK: the loop

    private func run() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        var lastTick = SocketOperations.nowMillis()
        while !stopped.load(ordering: .relaxed) {
            let timeout = draining ? Int32(20) : context.tickMillis
            let count = epoll_wait(epollFD, events, Int32(capacity), timeout)
            if count < 0 && errno != EINTR {
                context.logger.log(.error, "epoll_wait failed: errno \(errno)")
                break
            }
            for index in 0..<max(0, Int(count)) {
                let fd = events[index].data.fd
                if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    continue
                }
                let slot = Int(fd)
                if slot < clients.count, let client = clients[slot] { client.handle(events: events[index].events, on: self) }
            }
            runTasks()
            let now = SocketOperations.nowMillis()
            if now &- lastTick >= UInt64(context.tickMillis) || draining {
                lastTick = now
                forEachClient { $0.tick(now: now, on: self) }
            }
            if draining && (liveClients == 0 || now >= drainDeadline) {
                forEachClient { $0.forceClose(on: self) }
                runTasks()
                stopped.store(true, ordering: .relaxed)
            }
        }
    }

    private func runTasks() {
        while true {
            let batch = tasks.withLock { queue -> [@Sendable () -> Void] in
                let taken = queue
                queue = []
                return taken
            }
            if batch.isEmpty { return }
            for task in batch { task() }
        }
    }

    private func forEachClient(_ body: (any LoopClient) -> Void) {
        var index = 0
        while index < clients.count {
            if let client = clients[index] { body(client) }
            index += 1
        }
    }
}
