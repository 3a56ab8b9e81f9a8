import SocialDomain
import Synchronization

/// In-memory fan-out of one kind of live update (friendship, block or connectivity) to the streams of
/// every connection of the recipient.
///
/// A user may hold several connections; each gets every update. A connection holds at most one
/// subscription per hub; a second one is refused so the caller can answer with the `stream_closed`
/// element (spec §4.8). Each subscription buffers at most `bufferLimit` undelivered elements, dropping
/// the oldest (the reference's `emitterToGenerator` cap of 1000), logging it and counting it in
/// `droppedCount`. The buffer is what carries updates committed between a stream's offer and the
/// client's first ACK: the RPC layer subscribes before it sends the offer and pulls only after ACK 0.
///
/// Publishers call `publish` only after the store has committed the change being announced.
public final class SubscriptionHub<Element: Sendable>: Sendable {
    /// Why `subscribe` refused.
    public enum SubscribeError: Error, Equatable, Sendable {
        /// This connection already has an active subscription of this kind.
        case duplicate
    }

    private struct Subscriber {
        let token: UInt64
        let continuation: AsyncThrowingStream<Element, any Error>.Continuation
    }

    private struct State {
        /// recipient → connection id → subscriber
        var byRecipient: [Address: [UInt64: Subscriber]] = [:]
        var nextToken: UInt64 = 1
    }

    /// Human name of the stream kind, used in logs ("friendship updates").
    public let kind: String
    /// Undelivered elements kept per subscription before the oldest is dropped.
    public let bufferLimit: Int
    private let log: SocialLog
    private let state = Locked(State())
    private let dropped = Atomic<Int>(0)

    /// - Parameters:
    ///   - kind: stream kind for logs.
    ///   - bufferLimit: per-subscription buffer (default 1000, as the reference).
    ///   - log: where dropped elements are reported.
    public init(kind: String, bufferLimit: Int = 1000, log: SocialLog = .standardError) {
        self.kind = kind
        self.bufferLimit = max(1, bufferLimit)
        self.log = log
    }

    /// Registers the stream of `connectionID` for updates addressed to `recipient`.
    ///
    /// The subscription ends (and is removed) when the returned stream is cancelled, finished or dropped.
    /// - Throws: `SubscribeError.duplicate` when the connection already subscribed to this hub.
    public func subscribe(recipient: Address, connectionID: UInt64) throws(SubscribeError) -> AsyncThrowingStream<Element, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Element, any Error>.makeStream(
            bufferingPolicy: .bufferingNewest(bufferLimit))
        let token: UInt64? = state.withLock { state in
            if state.byRecipient[recipient]?[connectionID] != nil { return nil }
            let token = state.nextToken
            state.nextToken += 1
            state.byRecipient[recipient, default: [:]][connectionID] = Subscriber(token: token, continuation: continuation)
            return token
        }
        guard let token else {
            continuation.finish()
            throw .duplicate
        }
        continuation.onTermination = { [weak self] _ in
            self?.remove(recipient: recipient, connectionID: connectionID, token: token)
        }
        return stream
    }

    /// Delivers `element` to every subscribed connection of `recipient`.
    /// - Returns: the number of subscriptions it was queued on.
    @discardableResult
    public func publish(_ element: Element, to recipient: Address) -> Int {
        let targets = state.withLock { state in state.byRecipient[recipient].map { Array($0) } ?? [] }
        for (connectionID, subscriber) in targets {
            if case .dropped = subscriber.continuation.yield(element) {
                dropped.add(1, ordering: .relaxed)
                log("\(kind): subscription of \(recipient) on connection \(connectionID) is \(bufferLimit) updates behind; dropped the oldest")
            }
        }
        return targets.count
    }

    /// Whether `recipient` has at least one subscription here.
    public func hasSubscribers(_ recipient: Address) -> Bool {
        state.withLock { !($0.byRecipient[recipient]?.isEmpty ?? true) }
    }

    /// Updates dropped so far because a subscription's buffer was full (its oldest went).
    public var droppedCount: Int { dropped.load(ordering: .relaxed) }

    /// Total live subscriptions (metrics, tests).
    public var subscriptionCount: Int { state.withLock { $0.byRecipient.values.reduce(0) { $0 + $1.count } } }

    /// Ends every subscription (server shutdown).
    public func finishAll() {
        let all = state.withLock { state in
            defer { state.byRecipient = [:] }
            return state.byRecipient.values.flatMap { $0.values }
        }
        for subscriber in all { subscriber.continuation.finish() }
    }

    private func remove(recipient: Address, connectionID: UInt64, token: UInt64) {
        state.withLock { state in
            // The token guards against removing a newer subscription of the same connection.
            guard state.byRecipient[recipient]?[connectionID]?.token == token else { return }
            state.byRecipient[recipient]?[connectionID] = nil
            if state.byRecipient[recipient]?.isEmpty == true { state.byRecipient[recipient] = nil }
        }
    }
}
