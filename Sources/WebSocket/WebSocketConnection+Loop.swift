import CEpoll
import Glibc

/// Event-loop side of a connection: reading, frame handling, timers and the closing handshake.
extension WebSocketConnection: LoopClient {
    /// Called once the 101 is queued: tells the handler and processes bytes that came with the upgrade;
    /// over the connection limit it closes with 1013 instead and the handler never sees the connection.
    func open(leftover: [UInt8], overCapacity: Bool) {
        if overCapacity {
            context.logger.log(.warning, "connection \(id) \(remoteAddress): connection limit \(context.configuration.maxConnections) reached, closing 1013")
            startClose(code: WebSocketCloseCode.tryAgainLater, reason: "Try Again Later", failing: false)
            return
        }
        state.opened = true
        context.openConnections.add(1, ordering: .relaxed)
        context.logger.log(.debug, "connection \(id) \(remoteAddress): open \(path)")
        context.handler.webSocketDidOpen(self)
        if !leftover.isEmpty { leftover.withUnsafeBytes { process($0) } }
    }

    func handle(events: UInt32, on loop: EventLoop) {
        if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            let count = read(fd, loop.readBuffer.baseAddress, loop.readBuffer.count)
            if count > 0 {
                process(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                finish(log: state.closeFrameSent ? nil : "connection lost")
                return
            }
        }
        if state.phase != .closed && events & EPOLLOUT.rawValue != 0 { flushFromLoop() }
    }

    func tick(now: UInt64, on loop: EventLoop) {
        switch state.phase {
        case .open:
            let idle = now &- state.lastActivity
            if idle >= context.idleTimeoutMillis {
                context.logger.log(.info, "connection \(id) \(remoteAddress): idle for \(idle) ms, closing 1001")
                startClose(code: WebSocketCloseCode.goingAway, reason: "idle timeout", failing: false)
            } else if let interval = context.pingIntervalMillis, idle >= interval, !state.keepalivePingOutstanding {
                state.keepalivePingOutstanding = true
                enqueueControl(WebSocketFrameEncoder.encode(.ping, []))
            }
        case .closing:
            if now >= state.closeDeadline { finish(log: "close handshake timed out") }
        case .closed:
            break
        }
    }

    func beginShutdown(on loop: EventLoop) {
        startClose(code: WebSocketCloseCode.goingAway, reason: "server shutting down", failing: false)
    }

    func forceClose(on loop: EventLoop) { finish(log: nil) }

    // MARK: inbound

    private func process(_ bytes: UnsafeRawBufferPointer) {
        state.lastActivity = SocketOperations.nowMillis()
        state.keepalivePingOutstanding = false
        guard !state.discardingInput, state.phase != .closed else { return }
        do throws(WebSocketProtocolError) {
            try decoder.decode(bytes) { event in handleEvent(event) }
        } catch {
            context.logger.log(.info, "connection \(id) \(remoteAddress): protocol error (\(error.reason)), closing \(error.closeCode)")
            startClose(code: error.closeCode, reason: error.reason, failing: true)
        }
    }

    /// Returns false to stop decoding (after a close frame).
    private func handleEvent(_ event: WebSocketFrameDecoder.Event) -> Bool {
        switch event {
        case .message(let message):
            if state.phase == .open && state.opened { context.handler.webSocket(self, didReceive: message) }
            return state.phase != .closed
        case .ping(let payload):
            if !state.closeFrameSent { enqueueControl(WebSocketFrameEncoder.encode(.pong, payload)) }
            return true
        case .pong(let payload):
            resolvePings(payload)
            return true
        case .close(let code, let reason):
            state.closeFrameReceived = true
            if state.closeFrameSent {
                // Our close was answered: the handshake is complete.
                finish(log: nil)
            } else {
                state.closeCode = code
                state.closeReason = reason
                state.closeFrameSent = true
                state.phase = .closing
                state.closeDeadline = SocketOperations.nowMillis() + context.closeTimeoutMillis
                state.closeWhenFlushed = true
                let echo = WebSocketFrameEncoder.encode(.close, WebSocketFrameEncoder.closePayload(code: code, reason: ""))
                output.withLock { $0.acceptsMessages = false }
                enqueueControl(echo, exempt: true)
            }
            return false
        }
    }

    private func resolvePings(_ payload: [UInt8]) {
        let now = SocketOperations.nowNanos()
        let matched = output.withLock { queue -> [OutputQueue.PendingPing] in
            guard let index = queue.pings.firstIndex(where: { $0.payload == payload }) else { return [] }
            let ping = queue.pings.remove(at: index)
            // Release the storage: an idle connection keeps no buffers.
            if queue.pings.isEmpty { queue.pings = [] }
            return [ping]
        }
        for ping in matched { ping.callback(Double(now &- ping.sentAt) / 1e9) }
    }

    // MARK: outbound and closing

    /// Starts the closing handshake from the server side. `failing`: a protocol violation, so the
    /// rest of the input is discarded and the write side is shut after the close frame.
    func startClose(code: UInt16, reason: String, failing: Bool) {
        guard state.phase == .open || (state.phase == .closing && !state.closeFrameSent) else { return }
        state.closeFrameSent = true
        state.phase = .closing
        state.closeCode = code
        state.closeReason = reason
        state.closeDeadline = SocketOperations.nowMillis() + context.closeTimeoutMillis
        if failing {
            state.discardingInput = true
            state.shutdownWhenFlushed = true
        }
        output.withLock { $0.acceptsMessages = false }
        enqueueControl(WebSocketFrameEncoder.encode(.close, WebSocketFrameEncoder.closePayload(code: code, reason: reason)), exempt: true)
    }

    /// Queues a control frame (allowed while closing) and runs the after-flush actions. Control frames
    /// count against the outbound cap too: a peer that pings without reading cannot grow the queue.
    /// The close frame itself (`exempt`) is never refused: it is the last frame.
    private func enqueueControl(_ frame: [UInt8], exempt: Bool = false) {
        let limit = context.configuration.maxOutboundBuffer
        let (result, overflow) = output.withLock { queue -> (OutputQueue.FlushResult, Bool) in
            guard queue.socketOpen else { return (.failed, false) }
            if queue.queuedBytes > 0 { armIfBlocked(queue.flush(fd), &queue) }
            if queue.queuedBytes > limit && !exempt {
                queue.acceptsMessages = false
                queue.dropUnsent()
                return (.blocked, true)
            }
            queue.append(frame)
            let result = queue.flush(fd)
            armIfBlocked(result, &queue)
            return (result, false)
        }
        if overflow {
            if state.closeFrameSent {
                finish(log: "outbound buffer overflow while closing")
            } else {
                context.logger.log(.warning, "connection \(id) \(remoteAddress): outbound buffer over \(limit) bytes (control frames), closing 1011")
                startClose(code: WebSocketCloseCode.internalError, reason: "outbound buffer overflow", failing: false)
            }
            return
        }
        afterFlush(result)
    }

    private func flushFromLoop() {
        let result = output.withLock { queue -> OutputQueue.FlushResult in
            let result = queue.flush(fd)
            if result != .blocked && queue.writeArmed && queue.socketOpen {
                queue.writeArmed = false
                loop.modify(fd, events: EPOLLIN.rawValue)
            }
            return result
        }
        afterFlush(result)
    }

    private func afterFlush(_ result: OutputQueue.FlushResult) {
        switch result {
        case .blocked:
            break
        case .failed:
            finish(log: state.closeFrameSent ? nil : "write failed")
        case .drained:
            if state.closeWhenFlushed {
                finish(log: nil)
            } else if state.shutdownWhenFlushed {
                state.shutdownWhenFlushed = false
                shutdown(fd, Int32(SHUT_WR))
            }
        }
    }

    /// Releases the socket and reports the close once; `log` names an abnormal end.
    func finish(log: String?) {
        guard state.phase != .closed else { return }
        state.phase = .closed
        let pings = output.withLock { queue -> [OutputQueue.PendingPing] in
            let pending = queue.pings
            queue.socketOpen = false
            queue.acceptsMessages = false
            queue.clear()
            return pending
        }
        loop.deregister(fd)
        Glibc.close(fd)
        if let log { context.logger.log(.info, "connection \(id) \(remoteAddress): \(log)") }
        for ping in pings { ping.callback(nil) }
        guard state.opened else { return }
        context.openConnections.subtract(1, ordering: .relaxed)
        context.logger.log(.debug, "connection \(id) \(remoteAddress): closed \(state.closeCode) \(state.closeReason)")
        context.handler.webSocketDidClose(self, code: state.closeCode, reason: state.closeReason)
    }
}
