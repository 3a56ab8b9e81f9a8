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
        /// Transport timeouts.
        public var rpc: RPCServerConfiguration
        /// Undelivered updates kept per subscription.
        public var subscriptionBuffer: Int
        /// Where the WebSocket layer logs (connections, protocol errors); nil keeps its stderr default.
        public var webSocketLogger: (any WebSocketLogger)?

        public init(
            host: String = "127.0.0.1", port: Int = 0, awayAfterMilliseconds: Int64? = 300_000,
            rateLimits: RateLimiter.Configuration = .reference,
            profileCache: CachedProfileSource.Configuration = .init(),
            rpc: RPCServerConfiguration = RPCServerConfiguration(), subscriptionBuffer: Int = 1000,
            webSocketLogger: (any WebSocketLogger)? = nil
        ) {
            self.host = host
            self.port = port
            self.awayAfterMilliseconds = awayAfterMilliseconds
            self.rateLimits = rateLimits
            self.profileCache = profileCache
            self.rpc = rpc
            self.subscriptionBuffer = subscriptionBuffer
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
        metrics: ServerMetrics = ServerMetrics(), log: SocialLog = .standardError
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
        let service = SocialServiceHandlers(core: core).makeService()
        let rpc = RPCWebSocketServer(
            service: service, authenticator: authenticator, observer: PresenceSessionObserver(presence: presence),
            configuration: configuration.rpc)
        var socketConfiguration = WebSocketServerConfiguration()
        socketConfiguration.host = configuration.host
        socketConfiguration.port = configuration.port
        if let logger = configuration.webSocketLogger { socketConfiguration.logger = logger }
        webSocketServer = WebSocketServer(
            configuration: socketConfiguration, handler: rpc,
            httpHandler: OperatorHTTPHandler(metrics: metrics, sessions: { rpc.sessionCount }))
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
        return port
    }

    /// Connected WebSocket clients.
    public var connectionCount: Int { webSocketServer.connectionCount }

    /// Closes every connection (1001), ends every subscription and stops the background work.
    public func stop() {
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
