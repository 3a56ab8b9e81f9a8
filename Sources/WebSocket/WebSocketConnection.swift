import CEpoll
import Glibc
import Synchronization

/// One open WebSocket connection. `send`, `close` and `ping` are thread-safe; everything else about the
/// connection lives on its event loop. Idle, it holds no buffers: a few hundred bytes in all.
public final class WebSocketConnection: Sendable, Hashable {
    /// Unique per server, from 1.
    public let id: UInt64
    /// Request target of the upgrade request.
    public let path: String
    /// Headers of the upgrade request.
    public let headers: HTTPHeaders
    /// `host:port` of the peer.
    public let remoteAddress: String
    /// The subprotocol echoed in the handshake (the first the client offered), if any.
    public let subprotocol: String?

    let fd: Int32
    let loop: EventLoop
    let context: ServerContext
    let output = Mutex(OutputQueue())
    /// Loop-thread state; never touched from other threads.
    nonisolated(unsafe) var state: ConnectionState
    /// Loop-thread frame decoder; a separate property so decoding callbacks may update `state`.
    nonisolated(unsafe) var decoder: WebSocketFrameDecoder

    init(fd: Int32, loop: EventLoop, request: HTTPRequest, subprotocol: String?, remoteAddress: String) {
        id = loop.context.makeID()
        path = request.target
        headers = request.headers
        self.remoteAddress = remoteAddress
        self.subprotocol = subprotocol
        self.fd = fd
        self.loop = loop
        context = loop.context
        state = ConnectionState(now: SocketOperations.nowMillis())
        decoder = WebSocketFrameDecoder(maxMessageSize: loop.context.configuration.maxMessageSize)
    }

    /// Queues `message` as one frame and writes what the socket takes now.
    /// - Returns: false when the connection is closing or closed (the message is dropped). When the bytes the
    ///   peer has not yet taken exceed the outbound cap (`maxOutboundBuffer`), the connection is closed with
    ///   1011 and a log line, and this returns false.
    @discardableResult
    public func send(_ message: WebSocketMessage) -> Bool {
        let frame = WebSocketFrameEncoder.encode(message)
        let outcome = output.withLock { queue -> SendOutcome in
            guard queue.acceptsMessages, queue.socketOpen else { return .refused }
            // The cap applies to what the peer has not taken yet, before this message: one message larger
            // than the cap still goes out to a peer that keeps up (as uWS's maxBackpressure does).
            if queue.queuedBytes > 0 { armIfBlocked(queue.flush(fd), &queue) }
            guard queue.queuedBytes <= context.configuration.maxOutboundBuffer else {
                let queued = queue.queuedBytes
                queue.acceptsMessages = false
                queue.dropUnsent()
                return .overflowed(queued)
            }
            queue.append(frame)
            armIfBlocked(queue.flush(fd), &queue)
            return .queued
        }
        switch outcome {
        case .queued: return true
        case .refused: return false
        case .overflowed(let bytes):
            context.logger.log(.warning, "connection \(id) \(remoteAddress): outbound buffer over \(context.configuration.maxOutboundBuffer) bytes (\(bytes) queued), closing 1011")
            loop.execute { [self] in startClose(code: WebSocketCloseCode.internalError, reason: "outbound buffer overflow", failing: false) }
            return false
        }
    }

    /// Starts the closing handshake with `code` and `reason` (idempotent: later calls do nothing).
    /// Codes that may not be sent (e.g. 1005, 1006) are replaced by 1000.
    public func close(code: UInt16, reason: String) {
        let first = output.withLock { queue -> Bool in
            guard queue.acceptsMessages else { return false }
            queue.acceptsMessages = false
            return true
        }
        guard first else { return }
        let wireCode = WebSocketCloseCode.isValidOnWire(code) ? code : WebSocketCloseCode.normal
        loop.execute { [self] in startClose(code: wireCode, reason: reason, failing: false) }
    }

    /// Sends a ping; `onPong` gets the round trip in seconds when the matching pong arrives, or nil when
    /// the connection closes first (called once, on the loop thread).
    /// - Parameter payload: at most 125 bytes; use distinct payloads to tell concurrent pings apart.
    /// - Returns: false when the connection is closing or the payload is too long.
    @discardableResult
    public func ping(payload: [UInt8] = [], onPong: @escaping @Sendable (Double?) -> Void) -> Bool {
        guard payload.count <= 125 else { return false }
        let frame = WebSocketFrameEncoder.encode(.ping, payload)
        return output.withLock { queue -> Bool in
            guard queue.acceptsMessages, queue.socketOpen else { return false }
            queue.pings.append(.init(payload: payload, sentAt: SocketOperations.nowNanos(), callback: onPong))
            queue.append(frame)
            armIfBlocked(queue.flush(fd), &queue)
            return true
        }
    }

    /// Pings and waits for the pong: the round trip in seconds, or nil when the connection closed first.
    public func roundTrip(payload: [UInt8] = []) async -> Double? {
        await withCheckedContinuation { continuation in
            let resumed = Atomic<Bool>(false)
            let sent = ping(payload: payload) { seconds in
                if !resumed.exchange(true, ordering: .relaxed) { continuation.resume(returning: seconds) }
            }
            if !sent { continuation.resume(returning: nil) }
        }
    }

    /// Bytes waiting in the outbound queue (for metrics and tests).
    public var queuedOutboundBytes: Int { output.withLock { $0.queuedBytes } }

    /// Identity: the same connection object.
    public static func == (lhs: WebSocketConnection, rhs: WebSocketConnection) -> Bool { lhs === rhs }

    /// Hashes the connection id.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// Requests EPOLLOUT when the socket is full; called with the lock held.
    func armIfBlocked(_ result: OutputQueue.FlushResult, _ queue: inout OutputQueue) {
        if result == .blocked && !queue.writeArmed && queue.socketOpen {
            queue.writeArmed = true
            loop.modify(fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue)
        }
    }

    private enum SendOutcome { case queued, refused, overflowed(Int) }
}
