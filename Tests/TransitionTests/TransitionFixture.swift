import BridgeTestSupport
import CurlHTTP
import Foundation
import MatrixClient
import Migration
@testable import Mirror
import SocialDomain
import SocialStore
import Synchronization
@testable import Sync

/// A store on a temporary file, the fake homeserver, and the mirror and sync wired to both.
struct TransitionFixture {
    let directory: URL
    let store: SocialStore
    let server: FakeMatrixServer
    let admin: MatrixClient
    let layout: LegacyLayout

    init(mirror: Bool = true) throws {
        directory = try makeTemporaryDirectory("transition")
        store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path, options: .init(recordsMirrorOutbox: mirror))
        server = FakeMatrixServer()
        admin = MatrixClient(homeserver: "http://fake", accessToken: server.adminToken, transport: server)
        let mapping = try Mapping.load(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("mappings/decentraland.json"))
        layout = LegacyLayout(mapping: mapping, override: server.serverName)
    }

    var appService: MatrixClient { MatrixClient(homeserver: "http://fake", accessToken: server.asToken, transport: server) }

    func delivery(appService useAppService: Bool = true) -> MirrorDelivery {
        let puppets: any MatrixPuppets = useAppService ? AppServicePuppets(appService: appService, admin: admin) : LoginPuppets(admin: admin)
        return MirrorDelivery(layout: layout, admin: admin, puppets: puppets, store: store, accountLocks: AsyncKeyedLock())
    }

    func worker(configuration: MirrorWorker.Configuration = fastRetries(), observer: (any MirrorObserver)? = nil) -> MirrorWorker {
        MirrorWorker(store: store, layout: layout, admin: admin, puppets: AppServicePuppets(appService: appService, admin: admin),
                     configuration: configuration, observer: observer)
    }

    static func fastRetries() -> MirrorWorker.Configuration {
        var configuration = MirrorWorker.Configuration()
        configuration.baseRetryMilliseconds = 20
        configuration.maxRetryMilliseconds = 100
        configuration.idleScanMilliseconds = 50
        return configuration
    }

    func syncEngine(observer: (any SyncObserver)? = nil) -> SyncEngine {
        let homeserver = MatrixLegacyHomeserver(client: admin, pageSize: 50, counts: { (0, 0) })
        return SyncEngine(store: store, homeserver: homeserver, probe: MatrixRoomChangeProbe(admin: admin), layout: layout, observer: observer)
    }

    func userID(_ address: Address) -> String { layout.userID(of: address) }

    /// The only pending outbox row (fails the test otherwise).
    func pendingRow() throws -> OutboxEntry {
        let rows = try store.deliverableOutbox(now: .max, limit: 10)
        guard rows.count == 1, let row = rows.first else { throw FixtureError("expected one deliverable row, found \(rows.count)") }
        return row
    }

    /// Delivers every pending row once with `delivery`, finishing each in the store.
    func deliverAll(_ delivery: MirrorDelivery) async throws -> [MirrorOutcome] {
        var outcomes: [MirrorOutcome] = []
        while let row = try store.deliverableOutbox(now: .max, limit: 1).first {
            let outcome = try await delivery.deliver(row)
            try store.finishOutbox(id: row.id, state: outcome.state, roomID: outcome.roomID, eventIDs: outcome.eventIDs, now: 0)
            outcomes.append(outcome)
        }
        return outcomes
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Deterministic addresses for tests.
func address(_ n: Int) -> Address { Address(String(format: "0x%040x", n))! }

/// Records mirror outcomes.
final class RecordingMirrorObserver: MirrorObserver {
    private let state = Mutex<(delivered: [OutboxEntry], failed: [(OutboxEntry, Bool)])>(([], []))
    func mirrored(_ entry: OutboxEntry, outcome: MirrorOutcome, latencyMilliseconds: Int64) { state.withLock { $0.delivered.append(entry) } }
    func mirrorFailed(_ entry: OutboxEntry, failure: MirrorFailure, willRetry: Bool) { state.withLock { $0.failed.append((entry, willRetry)) } }
    var delivered: [OutboxEntry] { state.withLock { $0.delivered } }
    var failures: [(OutboxEntry, Bool)] { state.withLock { $0.failed } }
}

/// Records what sync announces.
final class RecordingSyncObserver: SyncObserver {
    private let state = Mutex<(applied: [AppliedLegacyAction], outcomes: [SyncEventOutcome], redeliveries: Int)>(([], [], 0))
    func applied(_ actions: [AppliedLegacyAction]) async { state.withLock { $0.applied += actions } }
    func event(outcome: SyncEventOutcome) { state.withLock { $0.outcomes.append(outcome) } }
    func transactionCommitted(events: Int, redelivered: Bool) { if redelivered { state.withLock { $0.redeliveries += 1 } } }
    func passFinished(_ report: SyncPassReport) {}
    var applied: [AppliedLegacyAction] { state.withLock { $0.applied } }
    var outcomes: [SyncEventOutcome] { state.withLock { $0.outcomes } }
    var redeliveries: Int { state.withLock { $0.redeliveries } }
}

/// Polls `condition` until it holds or `seconds` pass.
func eventually(_ seconds: Double = 5, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}
