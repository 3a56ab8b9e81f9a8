import CurlHTTP
import Foundation
import RPCTransport
import SocialDomain
import SocialRPC
import SocialStore
import WebSocket

/// The `serve` daemon: the Social Service over WebSocket on one SQLite store — the handlers, live
/// updates, presence (sessions feed it; an idle sweeper marks AWAY; a publisher tells friends) and profiles.
public final class SocialServer: Sendable {
    /// Where to listen and how the service behaves.
    public struct Configuration: Sendable {
        /// Listen address (IPv4/IPv6 literal or `localhost`).
        public var host: String
        /// Listen port; 0 picks a free one (see `start()`'s result).
        public var port: Int
        /// Idle time with no frames before a user is AWAY; nil never.
        public var awayAfterMilliseconds: Int64?
        /// Write rate limits.
        public var rateLimits: RateLimiter.Configuration
        /// Profile cache lifetimes and wait bound (applied around `profiles`).
        public var profileCache: CachedProfileSource.Configuration
        /// Transport timeouts and limits (authentication timeout, `maxPendingAuthentication`).
        public var rpc: RPCServerConfiguration
        /// Seconds a client has to deliver a complete HTTP request head (`--header-timeout`).
        public var headerTimeout: Double
        /// Undelivered updates kept per subscription.
        public var subscriptionBuffer: Int
        /// Sync and mirror with the legacy homeserver, if the transition runs in this process.
        public var transition: TransitionBridge.Configuration?
        /// Where the WebSocket layer logs (connections, protocol errors); nil keeps its stderr default.
        public var webSocketLogger: (any WebSocketLogger)?

        public init(
            host: String = "127.0.0.1", port: Int = 0, awayAfterMilliseconds: Int64? = 300_000,
            rateLimits: RateLimiter.Configuration = .reference,
            profileCache: CachedProfileSource.Configuration = .init(),
            rpc: RPCServerConfiguration = RPCServerConfiguration(), subscriptionBuffer: Int = 1000,
            headerTimeout: Double = 10, transition: TransitionBridge.Configuration? = nil,
            webSocketLogger: (any WebSocketLogger)? = nil
        ) {
            self.transition = transition
            self.host = host
            self.port = port
            self.awayAfterMilliseconds = awayAfterMilliseconds
            self.rateLimits = rateLimits
            self.profileCache = profileCache
            self.rpc = rpc
            self.subscriptionBuffer = subscriptionBuffer
            self.headerTimeout = headerTimeout
            self.webSocketLogger = webSocketLogger
        }
    }

    /// The live-update fan-out (exposed for metrics and tests).
    public let hub: UpdateHub
    /// Who is connected.
    public let presence: PresenceTracker
    /// The service's rules (exposed for benchmarks and tests).
    public let core: SocialServiceCore
    /// Counters served at `GET /metrics`.
    public let metrics: ServerMetrics
    /// Sync and mirror, when configured.
    public let transition: TransitionBridge?
    private let webSocketServer: WebSocketServer
    private let publisher: ConnectivityPublisher
    private let tasks = LockedTasks()

    /// Builds the server; nothing listens before `start()`.
    /// - Parameters:
    ///   - store: the open database.
    ///   - authenticator: verifies each connection's first frame.
    ///   - profiles: where names and pictures come from; wrapped in a cache unless it is the fallback.
    ///   - configuration: listen address and tunables.
    ///   - metrics: counters shown at `GET /metrics` (share them with the authenticator).
    ///   - log: operational log.
    public init(
        store: SocialStore, authenticator: any ConnectionAuthenticator,
        profiles: any ProfileSource = FallbackProfileSource(), configuration: Configuration = Configuration(),
        metrics: ServerMetrics = ServerMetrics(), log: SocialLog = .standardError,
        homeserverTransport: (any HTTPTransport)? = nil
    ) {
        self.metrics = metrics
        let clock = SystemClock()
        let profileSource: any ProfileSource = profiles is FallbackProfileSource
            ? profiles : CachedProfileSource(upstream: profiles, configuration: configuration.profileCache, clock: clock, log: log)
        hub = UpdateHub(bufferLimit: configuration.subscriptionBuffer, log: log)
        presence = PresenceTracker(awayAfterMilliseconds: configuration.awayAfterMilliseconds, clock: clock)
        core = SocialServiceCore(
            repository: store, profiles: profileSource, hub: hub, presence: presence,
            rateLimiter: RateLimiter(configuration: configuration.rateLimits, clock: clock), clock: clock, log: log)
        publisher = ConnectivityPublisher(presence: presence, repository: store, profiles: profileSource, hub: hub, log: log)
        if let transitionConfiguration = configuration.transition {
            transition = TransitionBridge(configuration: transitionConfiguration, store: store, core: core, metrics: metrics,
                                          transport: homeserverTransport ?? CurlHTTPClient(), log: log)
        } else {
            transition = nil
        }
        let service = SocialServiceHandlers(core: core).makeService()
        let rpc = RPCWebSocketServer(
            service: service, authenticator: authenticator, observer: PresenceSessionObserver(presence: presence),
            configuration: configuration.rpc)
        var socketConfiguration = WebSocketServerConfiguration()
        socketConfiguration.host = configuration.host
        socketConfiguration.port = configuration.port
        socketConfiguration.headerTimeout = configuration.headerTimeout
        for rejection in HTTPRejection.serverReasons + [.pendingAuthFull] {
            metrics.register(Self.rejectedMetric, labels: "reason=\"\(rejection.reason)\"")
        }
        socketConfiguration.rejectionObserver = { rejection in
            metrics.increment(Self.rejectedMetric, labels: "reason=\"\(rejection.reason)\"")
        }
        let rpcServer = rpc.rpcServer, hub = hub
        if let logger = configuration.webSocketLogger { socketConfiguration.logger = logger }
        webSocketServer = WebSocketServer(
            configuration: socketConfiguration, handler: rpc,
            httpHandler: OperatorHTTPHandler(
                metrics: metrics,
                gauges: { [transition] in
                    let counts = [("socialbridge_rpc_sessions", rpc.sessionCount),
                                  ("socialbridge_rpc_pending_auth", rpcServer.pendingAuthenticationCount),
                                  ("socialbridge_stream_subscriptions", hub.subscriptionCount)]
                        + hub.droppedCounts.map { ("socialbridge_stream_updates_dropped_total{stream=\"\($0.stream)\"}", $0.count) }
                    return counts.map { ($0.0, Double($0.1)) } + (transition?.gauges() ?? [])
                },
                ready: { [transition] in Self.readiness(store: store, transition: transition) }, transition: transition))
    }

    /// Starts listening and the background work (idle sweeper, presence publisher).
    /// - Returns: the bound port.
    /// - Throws: `WebSocketServerError` when the address cannot be bound.
    @discardableResult
    public func start() throws -> Int {
        let port = try webSocketServer.start()
        let presence = presence, publisher = publisher
        tasks.add(Task { await presence.run() })
        tasks.add(Task { await publisher.run() })
        if let transition { tasks.add(Task { await transition.run() }) }
        return port
    }

    /// The counter of requests the HTTP front door refused, by `reason`.
    public static let rejectedMetric = "socialbridge_http_rejected_total"

    /// Connected WebSocket clients.
    public var connectionCount: Int { webSocketServer.connectionCount }

    /// Ready when the store answers a query and, with sync or mirror on, the homeserver answered lately.
    static func readiness(store: SocialStore, transition: TransitionBridge?) -> (Bool, String) {
        do { _ = try store.checkpoints() } catch { return (false, "store: \(error)") }
        guard let transition else { return (true, "store open") }
        return transition.homeserverRecentlyAnswered ? (true, "store open, homeserver answering")
                                                     : (false, "homeserver has not answered within the last minute")
    }

    /// Finishes the transition's in-flight mirror writes (bounded by `timeout`), leaving the rest of the
    /// outbox for the next start.
    public func drainTransition(timeout: Duration = .seconds(10)) async {
        guard let transition else { return }
        transition.stop()
        let deadline = ContinuousClock.now + timeout
        while (transition.mirror?.inFlightCount ?? 0) > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Closes every connection (1001), ends every subscription and stops the background work.
    public func stop() {
        transition?.stop()
        webSocketServer.shutdown()
        hub.finishAll()
        presence.finish()
        tasks.cancelAll()
    }
}

/// Background task handles, cancelled together at stop.
private final class LockedTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Task<Void, Never>] = []

    func add(_ task: Task<Void, Never>) {
        lock.lock()
        defer { lock.unlock() }
        tasks.append(task)
    }

    func cancelAll() {
        lock.lock()
        let all = tasks
        tasks = []
        lock.unlock()
        for task in all { task.cancel() }
    }
}
