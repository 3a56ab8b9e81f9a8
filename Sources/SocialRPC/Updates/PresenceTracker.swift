import SocialDomain

/// Who is connected, derived from the server's own sessions (the reference reads presence from NATS;
/// we serve the sockets, so we know).
///
/// A user is ONLINE while at least one authenticated connection is open, OFFLINE when the last one
/// closes, AWAY when no connection of theirs has carried a frame for `awayAfterMilliseconds`, and
/// ONLINE again on the next frame. Every transition is emitted once, in order, on `changes`.
public final class PresenceTracker: Sendable {
    /// One transition of one user.
    public struct Change: Sendable, Equatable {
        public let address: Address
        public let status: Connectivity

        public init(address: Address, status: Connectivity) {
            self.address = address
            self.status = status
        }
    }

    private struct UserPresence {
        var connections: Set<UInt64>
        var status: Connectivity
    }

    private struct ConnectionInfo {
        let address: Address
        var lastActivity: Int64
    }

    private struct State {
        var users: [Address: UserPresence] = [:]
        var connections: [UInt64: ConnectionInfo] = [:]
    }

    /// Transitions, in the order they happened. Single consumer (the connectivity publisher).
    public let changes: AsyncStream<Change>
    /// Idle time before AWAY; `nil` disables AWAY.
    public let awayAfterMilliseconds: Int64?
    private let continuation: AsyncStream<Change>.Continuation
    private let clock: any MillisecondClock
    private let state = Locked(State())

    /// - Parameters:
    ///   - awayAfterMilliseconds: idle time with no frames before a user is AWAY (`nil`: never).
    ///   - clock: time source (injected in tests).
    public init(awayAfterMilliseconds: Int64? = 300_000, clock: any MillisecondClock = SystemClock()) {
        self.awayAfterMilliseconds = awayAfterMilliseconds
        self.clock = clock
        (changes, continuation) = AsyncStream<Change>.makeStream(bufferingPolicy: .unbounded)
    }

    /// A connection finished authentication as `address`.
    public func connectionAuthenticated(_ connectionID: UInt64, as address: Address) {
        let now = clock.nowMilliseconds()
        state.withLock { state in
            guard state.connections[connectionID] == nil else { return }
            state.connections[connectionID] = ConnectionInfo(address: address, lastActivity: now)
            var user = state.users[address] ?? UserPresence(connections: [], status: .offline)
            user.connections.insert(connectionID)
            let previous = user.status
            user.status = .online
            state.users[address] = user
            // Yielding under the lock keeps transitions in the order they were decided.
            if previous != .online { continuation.yield(Change(address: address, status: .online)) }
        }
    }

    /// A frame arrived on a connection: it is active now.
    public func connectionActivity(_ connectionID: UInt64) {
        let now = clock.nowMilliseconds()
        state.withLock { state in
            guard let address = state.connections[connectionID]?.address else { return }
            state.connections[connectionID]?.lastActivity = now
            if state.users[address]?.status == .away {
                state.users[address]?.status = .online
                continuation.yield(Change(address: address, status: .online))
            }
        }
    }

    /// A connection closed (for any reason).
    public func connectionClosed(_ connectionID: UInt64) {
        state.withLock { state in
            guard let info = state.connections.removeValue(forKey: connectionID),
                  var user = state.users[info.address] else { return }
            user.connections.remove(connectionID)
            if user.connections.isEmpty {
                state.users[info.address] = nil
                continuation.yield(Change(address: info.address, status: .offline))
            } else {
                state.users[info.address] = user
            }
        }
    }

    /// Marks AWAY every ONLINE user whose connections have all been idle for the idle time.
    /// Called periodically by `run()`; tests call it directly after moving their clock.
    public func sweepIdle() {
        guard let awayAfter = awayAfterMilliseconds else { return }
        let now = clock.nowMilliseconds()
        state.withLock { state in
            for (address, user) in state.users where user.status == .online {
                let newest = user.connections.compactMap { state.connections[$0]?.lastActivity }.max() ?? now
                if now - newest >= awayAfter {
                    state.users[address]?.status = .away
                    continuation.yield(Change(address: address, status: .away))
                }
            }
        }
    }

    /// Sweeps for idle users until cancelled, at a quarter of the idle time (at most every 30 s).
    public func run() async {
        guard let awayAfter = awayAfterMilliseconds else { return }
        let interval = max(10, min(awayAfter / 4, 30_000))
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000)
            sweepIdle()
        }
    }

    /// The user's current status (OFFLINE when not connected).
    public func status(of address: Address) -> Connectivity {
        state.withLock { $0.users[address]?.status ?? .offline }
    }

    /// Statuses of the given users that are connected (ONLINE or AWAY); others are left out.
    public func connectedStatuses(among addresses: [Address]) -> [Address: Connectivity] {
        state.withLock { state in
            var result: [Address: Connectivity] = [:]
            for address in addresses {
                if let status = state.users[address]?.status { result[address] = status }
            }
            return result
        }
    }

    /// Number of connected users.
    public var connectedUserCount: Int { state.withLock { $0.users.count } }

    /// Ends `changes` (server shutdown).
    public func finish() { continuation.finish() }
}
