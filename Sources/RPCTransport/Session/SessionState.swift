/// Everything one session tracks; lives behind the session's lock. Empty collections allocate nothing,
/// so an idle authenticated session is a handful of words plus its ports.
struct SessionState {
    enum Phase {
        /// Socket open, first frame not yet received.
        case awaitingCredential
        /// The credential is being verified; later frames wait in `queued`.
        case authenticating
        /// SERVER_READY sent; frames are processed as they arrive.
        case ready(RPCContext)
        /// Closed by either side; everything is cancelled and frames are ignored.
        case closed
    }

    /// Something to hand to the channel, in order.
    enum Outbound {
        case frame([UInt8])
        case close(code: UInt16, reason: String)
    }

    var phase: Phase = .awaitingCredential
    var queued: [[UInt8]] = []
    /// A dispatch timer, not a sleeping task: a cancelled `Task.sleep` keeps its timer entry (and memory)
    /// until the deadline, which would cost every authenticated session a few KiB for 5 minutes.
    var authenticationTimer: AuthenticationTimer?
    var ports: [UInt32: PortState] = [:]
    var calls: [UInt64: Task<Void, Never>] = [:]
    var lastCallID: UInt64 = 0
    var outbox: [Outbound] = []
    var isFlushing = false
    /// The context the observer was told about, until it is told the session closed.
    var observedContext: RPCContext?
    /// Counted in the server's `pendingAuthentication` until authenticated or closed.
    var countedAsPending = true
    var lastStreamID: UInt64 = 0
    /// Streams removed under the lock, finished by `RPCSession.withState` once it is released: their
    /// termination handlers (hub unsubscription, user code) never run under the session lock.
    var retired: [StreamState] = []

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    var context: RPCContext? {
        if case .ready(let context) = phase { return context }
        return nil
    }

    /// Removes nothing itself: wakes the stream's driver with "stop" and hands the stream over for
    /// finishing outside the lock. The caller has taken it out of the table.
    mutating func retire(_ stream: StreamState) {
        stream.waiter?.resume(returning: false)
        var stream = stream
        stream.waiter = nil
        retired.append(stream)
    }

    /// Queues a frame unless the session is closed (late results of cancelled work are dropped).
    mutating func send<M: ProtoMessage>(_ message: M) {
        guard !isClosed else { return }
        outbox.append(.frame(message.serializedBytes()))
    }
}

/// One open port of a session.
struct PortState {
    let name: String
    /// REQUEST_MODULE loaded the service on this port; before that no procedure exists on it (as in the reference).
    var moduleLoaded = false
    /// Running server streams by the message number of their REQUEST.
    var streams: [UInt32: StreamState] = [:]

    init(name: String) { self.name = name }
}

/// A server stream: who drives it, its opened source while parked, and which acknowledgement it waits for.
struct StreamState {
    /// Unique within the session: a driver recognises its own stream (a new REQUEST may reuse the number).
    let id: UInt64
    var task: Task<Void, Never>?
    /// The opened stream, parked here whenever the driver is not pulling from it (before ACK 0, between
    /// elements), so retiring the stream releases it at once.
    var source: (any StreamElementSource)?
    /// Last element sequence id sent (0 = only the offer).
    var lastSequenceID: UInt32 = 0
    /// The sequence id whose ACK is expected, if any (0 from the REQUEST on, so an early ACK counts).
    var awaitedSequenceID: UInt32? = 0
    /// That ACK already arrived before the driver started waiting.
    var ackArrived = false
    /// The driver suspended until the ACK (or a cancel) arrives.
    var waiter: CheckedContinuation<Bool, Never>?

    init(id: UInt64) { self.id = id }

    /// After the session lock is released: cancels the driver (terminating a stream it is pulling) and
    /// releases the parked source (terminating it) as this value goes away.
    func finish() { task?.cancel() }
}

import Dispatch
import Protobuf

/// A one-shot dispatch timer. Dispatch sources are thread-safe; the wrapper only tells the compiler so.
struct AuthenticationTimer: @unchecked Sendable {
    private let source: any DispatchSourceTimer

    /// Arms a timer that calls `handler` once after `timeout`.
    init(after timeout: Duration, handler: @escaping @Sendable () -> Void) {
        let (seconds, attoseconds) = timeout.components
        let clamped = max(0, min(seconds, Int64(Int.max / 1_000_000_000) - 1))
        let nanoseconds = clamped * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        source = DispatchSource.makeTimerSource(queue: .global())
        source.schedule(deadline: .now() + .nanoseconds(Int(nanoseconds)))
        source.setEventHandler(handler: handler)
        source.resume()
    }

    /// Disarms the timer and releases its handler.
    func cancel() { source.cancel() }
}
