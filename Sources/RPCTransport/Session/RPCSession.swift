import Synchronization

/// One connection's `@dcl/rpc` state machine, independent of sockets: feed it frames with
/// `receive(_:)`, tell it `channelClosed()`, and it answers through its `RPCChannel`.
///
/// Frames are handled strictly in arrival order on the caller's thread (quick state changes only);
/// procedure calls run in their own tasks. Nothing runs while an authenticated session is idle.
public final class RPCSession: Sendable {
    let server: RPCServer
    let channel: any RPCChannel
    let connectionID: UInt64
    /// All mutable state; held only for quick bookkeeping, never across an await or a channel call.
    let state = Mutex(SessionState())

    init(server: RPCServer, channel: any RPCChannel, connectionID: UInt64) {
        self.server = server
        self.channel = channel
        self.connectionID = connectionID
        server.pendingAuthentication.add(1, ordering: .relaxed)
    }

    deinit {
        // A session dropped without `channelClosed` must not keep counting as waiting.
        state.withLock { settlePending(&$0) }
    }

    /// Arms the authentication timer.
    func start() {
        state.withLock { state in
            guard case .awaitingCredential = state.phase else { return }
            state.authenticationTimer = AuthenticationTimer(after: server.configuration.authenticationTimeout) { [weak self] in
                self?.authenticationTimedOut()
            }
        }
    }

    /// Handles one complete inbound message. The first one is the credential; text frames after it are
    /// parsed as protobuf like binary ones (the reference does the same).
    /// - Parameter frame: the message's bytes (UTF-8 bytes for a text frame).
    public func receive(_ frame: [UInt8]) {
        let action: (credential: [UInt8]?, activity: RPCContext?) = withState { state in
            switch state.phase {
            case .awaitingCredential:
                state.phase = .authenticating
                return (frame, nil)
            case .authenticating:
                if state.queued.count >= server.configuration.maxQueuedFramesDuringAuthentication {
                    close(.transportClosed, &state)
                } else {
                    state.queued.append(frame)
                }
                return (nil, nil)
            case .ready(let context):
                handleFrame(frame, context: context, &state)
                return (nil, context)
            case .closed:
                return (nil, nil)
            }
        }
        if let credential = action.credential {
            Task { await self.authenticate(credential) }
        }
        if let context = action.activity { server.observer?.sessionActivity(context) }
        flush()
    }

    /// The channel is gone (socket closed by either side): cancels every call and stream. Idempotent.
    public func channelClosed() {
        withState { state in
            state.phase = .closed
            state.outbox = []
            tearDown(&state)
        }
    }

    /// Whether the session has ended (closed by either side).
    public var isClosed: Bool { state.withLock { $0.isClosed } }

    // MARK: authentication

    private func authenticate(_ credential: [UInt8]) async {
        let identity: String
        do {
            identity = try await server.authenticator.authenticate(credential: credential)
        } catch {
            withState { state in
                guard case .authenticating = state.phase else { return }
                close(.unauthorized, &state)
            }
            flush()
            return
        }
        let context = RPCContext(identity: identity, connectionID: connectionID)
        let queued: Int = withState { state in
            guard case .authenticating = state.phase else { return 0 }
            state.authenticationTimer?.cancel()
            state.authenticationTimer = nil
            state.phase = .ready(context)
            settlePending(&state)
            state.send(RpcMessageHeader.serverReady)
            state.observedContext = context
            server.observer?.sessionAuthenticated(context)
            let frames = state.queued
            state.queued = []
            for frame in frames {
                guard !state.isClosed else { break }
                handleFrame(frame, context: context, &state)
            }
            return frames.count
        }
        if queued > 0 { server.observer?.sessionActivity(context) }
        flush()
    }

    private func authenticationTimedOut() {
        withState { state in
            switch state.phase {
            case .awaitingCredential, .authenticating: close(.authorizationTimeout, &state)
            case .ready, .closed: break
            }
        }
        flush()
    }

    // MARK: locking

    /// Runs `body` under the state lock, then finishes the streams it retired once the lock is released:
    /// their drivers are cancelled and their parked sources released there, so the handlers' termination
    /// code (unsubscribing from a hub) runs before this returns but never under the session lock.
    @discardableResult
    func withState<Result: Sendable>(_ body: (inout SessionState) -> Result) -> Result {
        let (result, retired) = state.withLock { state -> (Result, [StreamState]) in
            let result = body(&state)
            let retired = state.retired
            state.retired = []
            return (result, retired)
        }
        for stream in retired { stream.finish() }
        return result
    }

    // MARK: closing and output

    /// Queues the close frame after whatever is already queued, then cancels everything.
    func close(_ code: RPCCloseCode, _ state: inout SessionState) {
        guard !state.isClosed else { return }
        state.outbox.append(.close(code: code.code, reason: code.reason))
        state.phase = .closed
        tearDown(&state)
    }

    /// The session leaves the unauthenticated count (once: authenticated, or closed before).
    private func settlePending(_ state: inout SessionState) {
        guard state.countedAsPending else { return }
        state.countedAsPending = false
        server.pendingAuthentication.subtract(1, ordering: .relaxed)
    }

    private func tearDown(_ state: inout SessionState) {
        settlePending(&state)
        state.authenticationTimer?.cancel()
        state.authenticationTimer = nil
        state.queued = []
        for call in state.calls.values { call.cancel() }
        state.calls = [:]
        for port in state.ports.values {
            for stream in port.streams.values { state.retire(stream) }
        }
        state.ports = [:]
        if let context = state.observedContext {
            state.observedContext = nil
            server.observer?.sessionClosed(context)
        }
    }

    /// Hands queued output to the channel outside the lock, in order. Whoever finds the outbox idle
    /// drains it; others just append, so output never interleaves out of order.
    func flush() {
        let claimed = state.withLock { state -> Bool in
            guard !state.isFlushing, !state.outbox.isEmpty else { return false }
            state.isFlushing = true
            return true
        }
        guard claimed else { return }
        while true {
            let batch = state.withLock { state -> [SessionState.Outbound] in
                let batch = state.outbox
                state.outbox = []
                if batch.isEmpty { state.isFlushing = false }
                return batch
            }
            if batch.isEmpty { return }
            for item in batch {
                switch item {
                case .frame(let bytes): channel.send(bytes)
                case .close(let code, let reason): channel.close(code: code, reason: reason)
                }
            }
        }
    }
}
