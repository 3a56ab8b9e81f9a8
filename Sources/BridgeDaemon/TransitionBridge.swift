import CurlHTTP
import Foundation
import MatrixClient
import Migration
import Mirror
import SocialDomain
import SocialRPC
import SocialStore
import Sync
import Synchronization
import WebSocket

/// The transition half of `serve`: sync (Matrix → store, pushed by Synapse through the appservice API or
/// polled) and the mirror (store → Matrix, from the durable outbox), sharing one admin client and one set
/// of metrics. Legacy actions sync applies are announced to RPC subscribers as RPC actions are.
public final class TransitionBridge: Sendable {
    /// What to run.
    public struct Configuration: Sendable {
        /// The legacy homeserver's base URL.
        public var homeserver: String
        /// A server-admin token (reads, aliases; never used to write as a user).
        public var adminToken: String
        /// The homeserver's server name.
        public var serverName: String
        /// The legacy layout.
        public var mapping: Mapping
        /// The appservice registration, if one is registered with the homeserver.
        public var registration: AppServiceRegistration?
        /// How sync follows Matrix.
        public var sync: SyncMode
        /// Between poll passes (`--sync poll`).
        public var pollInterval: Duration
        /// Between reconcile passes (`--sync appservice`).
        public var reconcileInterval: Duration
        /// Whether RPC writes are mirrored into Matrix (the store must record the outbox).
        public var mirror: Bool
        /// Mirror tunables.
        public var mirrorConfiguration: MirrorWorker.Configuration

        public init(homeserver: String, adminToken: String, serverName: String, mapping: Mapping,
                    registration: AppServiceRegistration? = nil, sync: SyncMode = .off, pollInterval: Duration = .seconds(10),
                    reconcileInterval: Duration = .seconds(300), mirror: Bool = false,
                    mirrorConfiguration: MirrorWorker.Configuration = MirrorWorker.Configuration()) {
            self.homeserver = homeserver
            self.adminToken = adminToken
            self.serverName = serverName
            self.mapping = mapping
            self.registration = registration
            self.sync = sync
            self.pollInterval = pollInterval
            self.reconcileInterval = reconcileInterval
            self.mirror = mirror
            self.mirrorConfiguration = mirrorConfiguration
        }
    }

    let configuration: Configuration
    let engine: SyncEngine?
    let endpoint: AppServiceEndpoint?
    let mirror: MirrorWorker?
    private let announcer: SyncAnnouncer?
    private let store: SocialStore
    private let metrics: ServerMetrics
    private let admin: MatrixClient
    private let appService: MatrixClient?
    private let log: SocialLog
    private let startedAt: Int64
    private let lastAnswer = LastContact()
    private let stopping = Atomic<Bool>(false)

    /// - Parameters:
    ///   - configuration: what to run.
    ///   - store: the database (opened with `recordsMirrorOutbox` when mirroring).
    ///   - core: the RPC service, to announce legacy actions.
    ///   - metrics: counters shown at `/metrics`.
    ///   - transport: HTTP to the homeserver.
    ///   - log: operational log.
    public init(configuration: Configuration, store: SocialStore, core: SocialServiceCore, metrics: ServerMetrics,
                transport: any HTTPTransport, log: SocialLog) {
        self.configuration = configuration
        self.store = store
        self.metrics = metrics
        self.log = log
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        startedAt = now
        let lastAnswer = self.lastAnswer
        let observer: @Sendable (String, Int?) -> Void = { endpoint, status in
            metrics.increment("socialbridge_matrix_requests_total",
                              labels: "endpoint=\"\(MatrixEndpointLabel.template(endpoint))\",status=\"\(status.map(String.init) ?? "none")\"")
            if status != nil { lastAnswer.touch() }
        }
        let admin = MatrixClient(homeserver: configuration.homeserver, accessToken: configuration.adminToken, transport: transport,
                                 observer: observer)
        let appService = configuration.registration.map {
            MatrixClient(homeserver: configuration.homeserver, accessToken: $0.asToken, transport: transport, observer: observer)
        }
        self.admin = admin
        self.appService = appService
        let layout = LegacyLayout(mapping: configuration.mapping, override: configuration.serverName)
        // Every series an alert may watch shows from the first scrape, at 0.
        if configuration.sync != .off {
            metrics.register("socialbridge_sync_transactions_total")
            for outcome in SyncEventOutcome.allCases {
                metrics.register("socialbridge_sync_events_total", labels: "outcome=\"\(outcome.rawValue)\"")
            }
        }
        if configuration.mirror {
            for outcome in ["ok", "retry", "failed"] { metrics.register("socialbridge_mirror_writes_total", labels: "outcome=\"\(outcome)\"") }
        }
        if configuration.sync != .off {
            let homeserver = MatrixLegacyHomeserver(client: admin, counts: { (0, 0) })
            let announcer = SyncAnnouncer(core: core, metrics: metrics, log: log)
            self.announcer = announcer
            let engine = SyncEngine(store: store, homeserver: homeserver, probe: MatrixRoomChangeProbe(admin: admin), layout: layout,
                                    observer: announcer)
            self.engine = engine
            endpoint = configuration.registration.map { AppServiceEndpoint(registration: $0, engine: engine) }
        } else {
            engine = nil
            endpoint = nil
            announcer = nil
        }
        if configuration.mirror {
            let puppets: any MatrixPuppets = appService.map { AppServicePuppets(appService: $0, admin: admin) } ?? LoginPuppets(admin: admin)
            let worker = MirrorWorker(store: store, layout: layout, admin: admin, puppets: puppets,
                                      configuration: configuration.mirrorConfiguration, observer: MirrorReporter(metrics: metrics, log: log))
            mirror = worker
            store.onOutboxCommit { worker.wake() }
        } else {
            mirror = nil
        }
    }

    /// Runs sync and the mirror until cancelled or `stop()`: the appservice ping (so Synapse delivers what it
    /// held while the bridge was down), the catch-up pass and the periodic passes, the outbox, and a
    /// homeserver heartbeat for readiness.
    public func run() async {
        await withDiscardingTaskGroup { group in
            if let engine {
                let interval = configuration.sync == .poll ? configuration.pollInterval : configuration.reconcileInterval
                let loop = SyncLoop(engine: engine, interval: interval) { [log] line, failed in log(line, level: failed ? .warning : .info) }
                group.addTask { await loop.run() }
            }
            if let appService, let registration = configuration.registration, configuration.sync == .appservice {
                group.addTask { [log] in
                    // Synapse backs off from an appservice it saw down (up to 512 s); a ping makes it retry now.
                    do {
                        let milliseconds = try await appService.pingAppService(id: registration.id)
                        log("appservice \(registration.id): homeserver ping answered in \(milliseconds) ms", level: .info)
                    } catch {
                        log("appservice \(registration.id): homeserver ping failed: \(error)")
                    }
                }
            }
            if let mirror { group.addTask { await mirror.run() } }
            if let announcer { group.addTask { await announcer.run() } }
            group.addTask { [self] in await heartbeat() }
        }
    }

    /// Stops taking new work; in-flight mirror writes finish, the outbox stays for the next start.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        mirror?.stop()
        announcer?.finish()
    }

    private func heartbeat() async {
        while !Task.isCancelled && !stopping.load(ordering: .relaxed) {
            _ = try? await admin.whoAmI()
            try? await Task.sleep(for: .seconds(20))
        }
    }

    /// Whether the homeserver answered within the last minute.
    public var homeserverRecentlyAnswered: Bool {
        Int64(Date().timeIntervalSince1970 * 1000) - lastAnswer.milliseconds < 60_000
    }

    /// Gauges for `/metrics`.
    public func gauges() -> [(String, Double)] {
        var values: [(String, Double)] = []
        if let engine {
            values.append(("socialbridge_sync_lag_seconds", engine.lagSeconds ?? 0))
            values.append(("socialbridge_sync_seconds_since_last_transaction", engine.secondsSinceLastTransaction(since: startedAt)))
        }
        if mirror != nil {
            values.append(("socialbridge_mirror_outbox_depth", Double((try? store.outboxDepth()) ?? 0)))
        }
        return values
    }

    /// Answers an appservice API request asynchronously (`/_matrix/app/…`).
    func respond(to request: WebSocket.HTTPRequest, respond: @escaping @Sendable (WebSocket.HTTPResponse) -> Void) {
        guard let endpoint else {
            respond(Self.json(AppServiceAnswer(status: 404, body: #"{"errcode":"M_UNRECOGNIZED","error":"appservice sync is not enabled"}"#)))
            return
        }
        Task {
            let answer = await endpoint.respond(method: request.method, path: request.path, query: request.query,
                                                authorization: request.headers.first("Authorization"), body: request.body)
            respond(Self.json(answer))
        }
    }

    static func json(_ answer: AppServiceAnswer) -> WebSocket.HTTPResponse {
        WebSocket.HTTPResponse(status: answer.status, headers: [("Content-Type", "application/json")], body: Array(answer.body.utf8))
    }
}

/// When the homeserver last answered anything (readiness).
final class LastContact: Sendable {
    private let value = Atomic<Int64>(0)
    func touch() { value.store(Int64(Date().timeIntervalSince1970 * 1000), ordering: .relaxed) }
    var milliseconds: Int64 { value.load(ordering: .relaxed) }
}

/// Publishes what sync applied to RPC subscribers and counts it. Announcements leave sync's lock at
/// once: they queue, in commit order, for one consumer (`run()`), so profile lookups never hold up the
/// next transaction.
final class SyncAnnouncer: SyncObserver {
    let core: SocialServiceCore
    let metrics: ServerMetrics
    let log: SocialLog
    private let queue: AsyncStream<[AppliedLegacyAction]>
    private let continuation: AsyncStream<[AppliedLegacyAction]>.Continuation

    init(core: SocialServiceCore, metrics: ServerMetrics, log: SocialLog) {
        self.core = core
        self.metrics = metrics
        self.log = log
        (queue, continuation) = AsyncStream.makeStream(of: [AppliedLegacyAction].self)
    }

    func applied(_ actions: [AppliedLegacyAction]) async {
        for action in actions {
            log("sync applied \(action.action.rawValue) by \(action.actor) to \(action.target) from room \(action.roomID) event \(action.eventID)",
                level: .info, fields: [("action", action.action.rawValue), ("actor", action.actor.rawValue), ("target", action.target.rawValue),
                                       ("room", action.roomID), ("event", action.eventID)])
        }
        continuation.yield(actions)
    }

    /// Announces queued actions until the queue finishes or the task is cancelled.
    func run() async {
        for await actions in queue {
            for action in actions {
                await core.announceExternalAction(action.action, by: action.actor, to: action.target, actionID: action.actionID,
                                                  message: action.message)
            }
        }
    }

    /// Ends `run()` once the queue is empty.
    func finish() { continuation.finish() }

    func event(outcome: SyncEventOutcome) {
        metrics.increment("socialbridge_sync_events_total", labels: "outcome=\"\(outcome.rawValue)\"")
    }

    func transactionCommitted(events: Int, redelivered: Bool) {
        metrics.increment("socialbridge_sync_transactions_total")
        if redelivered { log("sync: redelivered transaction (\(events) events) ignored", level: .info) }
    }

    func passFinished(_ report: SyncPassReport) {
        metrics.increment("socialbridge_sync_passes_total")
    }
}

/// Counts and logs mirror outcomes.
struct MirrorReporter: MirrorObserver {
    let metrics: ServerMetrics
    let log: SocialLog

    func mirrored(_ entry: OutboxEntry, outcome: MirrorOutcome, latencyMilliseconds: Int64) {
        metrics.increment("socialbridge_mirror_writes_total", labels: "outcome=\"ok\"")
        log("mirror \(outcome.state.rawValue) \(entry.kind.rawValue) by \(entry.actor) to \(entry.target)"
            + (outcome.roomID.map { " in room \($0)" } ?? "") + ": \(outcome.note) (\(latencyMilliseconds) ms after commit)",
            level: .info, fields: [("kind", entry.kind.rawValue), ("actor", entry.actor.rawValue), ("target", entry.target.rawValue),
                                   ("room", outcome.roomID ?? ""), ("events", outcome.eventIDs.joined(separator: ",")),
                                   ("latency_ms", String(latencyMilliseconds))])
    }

    func mirrorFailed(_ entry: OutboxEntry, failure: MirrorFailure, willRetry: Bool) {
        metrics.increment("socialbridge_mirror_writes_total", labels: "outcome=\"\(willRetry ? "retry" : "failed")\"")
        log("mirror \(willRetry ? "will retry" : "gave up on") \(entry.kind.rawValue) by \(entry.actor) to \(entry.target): \(failure.message)",
            level: willRetry ? .warning : .error,
            fields: [("kind", entry.kind.rawValue), ("actor", entry.actor.rawValue), ("target", entry.target.rawValue)])
    }
}

/// Endpoint labels without identifiers: `PUT /_matrix/client/v3/rooms/{}/state/org.decentraland.friendship/{}`.
enum MatrixEndpointLabel {
    static func template(_ endpoint: String) -> String {
        let parts = endpoint.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return endpoint }
        let path = parts[1].split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let kept = !segment.isEmpty && segment.count <= 40 && segment.first.map { $0.isLetter || $0 == "_" } == true
                && segment.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" || $0 == "." }
            return kept || segment.isEmpty ? String(segment) : "{}"
        }
        return "\(parts[0]) " + path.joined(separator: "/")
    }
}
