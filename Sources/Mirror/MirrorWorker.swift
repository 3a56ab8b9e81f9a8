import Foundation
import MatrixClient
import Migration
import SocialDomain
import SocialStore
import Synchronization

/// What the mirror tells the daemon (metrics, logs).
public protocol MirrorObserver: Sendable {
    /// A row was delivered or skipped; `latencyMilliseconds` from the action's commit to now.
    func mirrored(_ entry: OutboxEntry, outcome: MirrorOutcome, latencyMilliseconds: Int64)
    /// An attempt failed; `willRetry` false when the row was given up.
    func mirrorFailed(_ entry: OutboxEntry, failure: MirrorFailure, willRetry: Bool)
}

/// Delivers the durable outbox into Matrix: the oldest pending row of each pair, one at a time per pair
/// (so a pair's actions land in commit order), several pairs at once; a failed attempt is retried with
/// capped exponential backoff and blocks only its own pair. Rows survive restarts and `kill -9`: the
/// outbox is the queue, this worker only drains it.
public final class MirrorWorker: Sendable {
    /// Tunables.
    public struct Configuration: Sendable {
        /// Pairs delivered at once (each delivery is a handful of sequential homeserver calls).
        public var concurrency: Int = 16
        /// First retry delay, ms (doubles per attempt).
        public var baseRetryMilliseconds: Int64 = 1_000
        /// Largest retry delay, ms.
        public var maxRetryMilliseconds: Int64 = 60_000
        /// Attempts before a row failing with a permanent error (403, 400…) is given up.
        public var maxPermanentAttempts: Int = 5
        /// Longest sleep between outbox scans when nothing wakes the worker, ms.
        public var idleScanMilliseconds: Int64 = 1_000

        public init() {}
    }

    private let delivery: MirrorDelivery
    private let store: SocialStore
    private let configuration: Configuration
    private let observer: (any MirrorObserver)?
    private let clock: @Sendable () -> Int64
    private let signal = WakeSignal()
    private let stopping = Atomic<Bool>(false)
    private let busy = Mutex<Set<AddressPair>>([])

    /// - Parameters:
    ///   - store: the database holding the outbox (its RPC writes must record it).
    ///   - layout: mapping and server name of the legacy homeserver.
    ///   - admin: a client with a server-admin token (state reads, aliases).
    ///   - puppets: how to act as users.
    ///   - configuration: tunables.
    ///   - observer: told of every outcome.
    ///   - clock: ms since 1970.
    public init(store: SocialStore, layout: LegacyLayout, admin: MatrixClient, puppets: any MatrixPuppets,
                configuration: Configuration = Configuration(), observer: (any MirrorObserver)? = nil,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.store = store
        self.configuration = configuration
        self.observer = observer
        self.clock = clock
        delivery = MirrorDelivery(layout: layout, admin: admin, puppets: puppets, store: store, accountLocks: AsyncKeyedLock())
    }

    /// Asks the worker to scan the outbox now (called after each commit that queued rows).
    public func wake() { signal.signal() }

    /// Stops taking new rows; `run()` returns once the deliveries in flight finish.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        signal.signal()
    }

    /// Drains the outbox until `stop()` or cancellation. Deliveries in flight are allowed to finish (a row
    /// that does not finish stays pending and is delivered at the next start).
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
                let inFlight = busy.withLock { $0 }
                let free = configuration.concurrency - inFlight.count
                if free > 0 {
                    let rows = (try? store.deliverableOutbox(now: clock(), limit: free, excluding: inFlight)) ?? []
                    for row in rows {
                        busy.withLock { _ = $0.insert(row.pair) }
                        group.addTask { [self] in
                            await deliver(row)
                            busy.withLock { _ = $0.remove(row.pair) }
                            signal.signal()
                        }
                    }
                }
                await signal.wait(upToMilliseconds: nextSleep())
            }
        }
    }

    /// Rows being delivered right now (pairs).
    public var inFlightCount: Int { busy.withLock { $0.count } }

    private func nextSleep() -> Int64 {
        let idle = configuration.idleScanMilliseconds
        guard let next = try? store.nextOutboxAttempt() else { return idle }
        return min(idle, max(10, next - clock()))
    }

    private func deliver(_ row: OutboxEntry) async {
        do {
            let outcome = try await delivery.deliver(row)
            let now = clock()
            try store.finishOutbox(id: row.id, state: outcome.state, roomID: outcome.roomID, eventIDs: outcome.eventIDs,
                                   error: outcome.state == .skipped ? outcome.note : nil, now: now)
            observer?.mirrored(row, outcome: outcome, latencyMilliseconds: now - row.createdAt)
        } catch let failure as MirrorFailure {
            let attempts = row.attempts + 1
            let giveUp = !failure.isRetryable && attempts >= configuration.maxPermanentAttempts
            if giveUp {
                try? store.finishOutbox(id: row.id, state: .failed, roomID: nil, eventIDs: [], error: failure.message, now: clock())
            } else {
                let shift = min(attempts - 1, 20)
                let delay = min(configuration.maxRetryMilliseconds, configuration.baseRetryMilliseconds << Int64(shift))
                let jittered = delay / 2 + Int64.random(in: 0...max(1, delay / 2))
                try? store.recordOutboxRetry(id: row.id, error: failure.message, nextAttemptAt: clock() + jittered)
            }
            observer?.mirrorFailed(row, failure: failure, willRetry: !giveUp)
        } catch {
            // Only the store can fail here (finishing the row): the row stays pending and is tried again.
            let failure = MirrorFailure(retryable: true, "store: \(error)")
            try? store.recordOutboxRetry(id: row.id, error: failure.message, nextAttemptAt: clock() + configuration.baseRetryMilliseconds)
            observer?.mirrorFailed(row, failure: failure, willRetry: true)
        }
    }
}

/// A wake-up flag with one waiter: `signal` before `wait` is remembered, so no wake-up is lost.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or makes the next `wait` return at once.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns after a `signal` or after `milliseconds`, whichever comes first.
    func wait(upToMilliseconds milliseconds: Int64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let generation: UInt64? = state.withLock { state in
                if state.pending {
                    state.pending = false
                    return nil
                }
                state.generation &+= 1
                state.waiter = continuation
                return state.generation
            }
            guard let generation else { return continuation.resume() }
            // The timer resumes the waiter only if no signal did first (same generation, still waiting).
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(max(1, milliseconds)))) { [self] in
                let expired = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard state.generation == generation, let waiter = state.waiter else { return nil }
                    state.waiter = nil
                    return waiter
                }
                expired?.resume()
            }
        }
    }
}
