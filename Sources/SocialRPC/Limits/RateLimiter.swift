import SocialDomain

/// Fixed-window counters for write RPCs, in memory, with the reference's numbers (spec §4.9):
/// 30 actions per actor and 10 per pair in a 60 s window.
///
/// A window opens at the first hit of a key (the reference's `INCR` + `EXPIRE` on first hit). Every checked
/// action spends a token on the actor and, when the actor is within its limit, one on the pair, even when
/// the action is then refused (by the pair limit, a block or the state machine).
public final class RateLimiter: Sendable {
    /// Limits and window length.
    public struct Configuration: Sendable, Equatable {
        /// Actions one actor may take per window.
        public var perActor: Int
        /// Actions on one pair per window.
        public var perPair: Int
        /// Window length in milliseconds.
        public var windowMilliseconds: Int64

        /// - Parameters:
        ///   - perActor: default 30 (`friends:rate:actor:<addr>`).
        ///   - perPair: default 10 (`friends:rate:pair:…`).
        ///   - windowMilliseconds: default 60 000 (`FRIENDSHIP_RATE_LIMIT_WINDOW_SECONDS` = 60).
        public init(perActor: Int = 30, perPair: Int = 10, windowMilliseconds: Int64 = 60_000) {
            self.perActor = perActor
            self.perPair = perPair
            self.windowMilliseconds = windowMilliseconds
        }

        /// The reference's limits.
        public static let reference = Configuration()
    }

    /// Which counter family a pair action spends from.
    public enum PairScope: Sendable {
        /// Friendship actions: one counter per unordered pair, shared by both sides.
        case friendship
        /// Block and unblock: one counter per (actor, target), directional.
        case block
    }

    /// The message the reference answers in the `invalid_request` variant when a limit is exceeded.
    public static let exceededMessage = "Too many friendship or block actions. Please try again later"

    private enum Key: Hashable {
        case actor(Address)
        case symmetricPair(Address, Address)
        case directedPair(Address, Address)
    }

    private struct Window {
        var start: Int64
        var count: Int
    }

    private struct State {
        var windows: [Key: Window] = [:]
        var hitsSinceSweep = 0
    }

    private let configuration: Configuration
    private let clock: any MillisecondClock
    private let state = Locked(State())
    /// Expired windows are swept after this many hits, so memory stays bounded by the active keys.
    private let sweepInterval = 4096

    /// - Parameters:
    ///   - configuration: limits and window; `.reference` by default.
    ///   - clock: time source (injected in tests).
    public init(configuration: Configuration = .reference, clock: any MillisecondClock = SystemClock()) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Spends one token of `actor` and, if the actor is within its limit, one of the pair; tells whether the
    /// action may proceed.
    /// - Parameters:
    ///   - actor: the caller.
    ///   - target: the other user of the action.
    ///   - scope: friendship (symmetric pair key) or block/unblock (directional pair key).
    /// - Returns: `true` when both counters are within their limits after this hit.
    public func allow(actor: Address, target: Address, scope: PairScope) -> Bool {
        let now = clock.nowMilliseconds()
        let pairKey: Key
        switch scope {
        case .friendship: pairKey = actor < target ? .symmetricPair(actor, target) : .symmetricPair(target, actor)
        case .block: pairKey = .directedPair(actor, target)
        }
        let window = configuration.windowMilliseconds
        return state.withLock { state in
            state.hitsSinceSweep += 1
            if state.hitsSinceSweep >= sweepInterval {
                state.hitsSinceSweep = 0
                state.windows = state.windows.filter { now - $0.value.start < window }
            }
            // The actor's counter first; an actor over its limit is refused without spending the pair's
            // token, so one side's flood of refused calls cannot use up the other side's shared pair budget
            // (the reference checks the two keys in this order and stops at the first exhausted one).
            let actorCount = Self.hit(&state.windows, key: .actor(actor), now: now, window: window)
            guard actorCount <= configuration.perActor else { return false }
            return Self.hit(&state.windows, key: pairKey, now: now, window: window) <= configuration.perPair
        }
    }

    /// Number of live counters (for tests and metrics).
    public var trackedKeyCount: Int { state.withLock { $0.windows.count } }

    private static func hit(_ windows: inout [Key: Window], key: Key, now: Int64, window: Int64) -> Int {
        if var current = windows[key], now - current.start < window {
            current.count += 1
            windows[key] = current
            return current.count
        }
        windows[key] = Window(start: now, count: 1)
        return 1
    }
}
