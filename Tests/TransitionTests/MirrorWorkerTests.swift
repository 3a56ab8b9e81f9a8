import Foundation
import MatrixClient
@testable import Mirror
import SocialDomain
import SocialStore
import Synchronization
import Testing

/// The outbox drain: order per pair, retries with backoff that block only their own pair, give-up on
/// permanent refusals, and stop with deliveries in flight.
@Suite struct MirrorWorkerTests {
    @Test("a pair's actions land in commit order; a homeserver answering 500 delays that pair only, then it is delivered once")
    func orderAndRetry() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b, c, d) = (address(31), address(32), address(33), address(34))
        let failing = fixture.userID(a)
        // Every call made as A fails with 500 for the first 3 attempts at createRoom.
        let failures = FailureBudget(3)
        fixture.server.inject(query: { method, path, query in
            guard method == "POST", path.hasSuffix("/createRoom"), query["user_id"] == failing, failures.spend() else { return nil }
            return .answer(500, #"{"errcode":"M_UNKNOWN","error":"boom"}"#)
        })
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .cancel, message: nil, now: 1_001)
        _ = try fixture.store.upsertFriendship(actor: c, target: d, action: .request, message: nil, now: 1_002)
        let observer = RecordingMirrorObserver()
        let worker = fixture.worker(observer: observer)
        let running = Task { await worker.run() }
        let done = try await eventually(10) { try fixture.store.outboxDepth() == 0 }
        worker.stop()
        await running.value
        #expect(done)
        let ab = try fixture.store.outbox(of: AddressPair(a, b)!)
        #expect(ab.map(\.state) == [.delivered, .delivered])
        #expect((ab.first?.attempts ?? 0) >= 4)
        // The cancel was delivered after the request: the shared key ends with the cancel.
        let roomID = try #require(ab.first?.roomID)
        let shared = fixture.server.room(roomID)?.timeline.filter { $0.type == "org.decentraland.friendship" && $0.stateKey == "" }
        #expect(shared?.map { $0.content["type"]?.stringValue } == ["request", "cancel"])
        #expect(fixture.server.rooms(withMembers: [fixture.userID(a), fixture.userID(b)]).count == 1)
        // The other pair was not held back by the failing one.
        let cdDelivered = try #require(observer.delivered.firstIndex { $0.pair == AddressPair(c, d)! })
        let abDelivered = try #require(observer.delivered.firstIndex { $0.pair == AddressPair(a, b)! })
        #expect(cdDelivered < abDelivered)
        #expect(observer.failures.count == 3 && observer.failures.allSatisfy(\.1))
    }

    @Test("a permanent refusal (403) is retried a few times, then the row is marked failed with its error and the pair moves on")
    func permanentFailure() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(35), address(36))
        fixture.server.inject { method, path in
            method == "POST" && path.hasSuffix("/createRoom") ? .answer(403, #"{"errcode":"M_FORBIDDEN","error":"nope"}"#) : nil
        }
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        var configuration = TransitionFixture.fastRetries()
        configuration.maxPermanentAttempts = 3
        let worker = fixture.worker(configuration: configuration)
        let running = Task { await worker.run() }
        let done = try await eventually(10) { try fixture.store.outboxDepth() == 0 }
        worker.stop()
        await running.value
        #expect(done)
        let row = try #require(try fixture.store.outbox(of: AddressPair(a, b)!).first)
        #expect(row.state == .failed)
        #expect(row.attempts == 3)
        #expect(row.lastError?.contains("M_FORBIDDEN") == true)
    }

    @Test("rows survive a restart: a new worker on the same store delivers what the old one left pending")
    func survivesRestart() async throws {
        let fixture = try TransitionFixture()
        defer { fixture.cleanUp() }
        let (a, b) = (address(37), address(38))
        fixture.server.inject { _, _ in .refuseConnection }
        _ = try fixture.store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 1_000)
        let first = fixture.worker()
        let running = Task { await first.run() }
        try await Task.sleep(for: .milliseconds(200))
        first.stop()
        await running.value
        #expect(try fixture.store.outboxDepth() == 1)
        fixture.server.inject(nil)
        let reopened = try SocialStore(path: fixture.store.path, options: .init(recordsMirrorOutbox: true))
        let second = MirrorWorker(store: reopened, layout: fixture.layout, admin: fixture.admin,
                                  puppets: AppServicePuppets(appService: fixture.appService, admin: fixture.admin),
                                  configuration: TransitionFixture.fastRetries())
        let again = Task { await second.run() }
        let done = try await eventually(10) { try reopened.outboxDepth() == 0 }
        second.stop()
        await again.value
        #expect(done)
        #expect(fixture.server.rooms(withMembers: [fixture.userID(a), fixture.userID(b)]).count == 1)
    }
}

/// A countdown shared with a request hook.
final class FailureBudget: Sendable {
    private let remaining: Mutex<Int>
    init(_ count: Int) { remaining = Mutex(count) }
    /// True while the budget lasts (and spends one).
    func spend() -> Bool { remaining.withLock { value in value > 0 ? { value -= 1; return true }() : false } }
}
