import BridgeTestSupport
import Foundation
import SocialDomain
@testable import SocialStore
import Testing

/// The mirror's outbox and the transition bookkeeping: written in the action's own transaction, drained
/// in order per pair, and batches guarded against concurrent writes.
@Suite struct OutboxTests {
    private func mirroringStore() throws -> (SocialStore, URL) {
        let directory = try makeTemporaryDirectory("outbox")
        let store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path, options: .init(recordsMirrorOutbox: true))
        return (store, directory)
    }

    @Test("every RPC write queues its Matrix write in the same transaction; refusals and no-ops queue nothing")
    func queuedWithTheAction() throws {
        let (store, directory) = try mirroringStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (a, b, c) = (addr(1), addr(2), addr(3))
        let request = try store.mustUpsert(a, b, .request, message: "hi", at: 10)
        _ = try store.upsertFriendship(actor: a, target: b, action: .request, message: nil, now: 11)  // refused: already requested
        try store.mustUpsert(b, a, .accept, at: 12)
        _ = try store.block(blocker: a, blocked: b, now: 13)
        _ = try store.block(blocker: a, blocked: b, now: 14)  // re-block over a friendship appends another block action
        _ = try store.unblock(blocker: a, blocked: b, now: 15)
        _ = try store.unblock(blocker: a, blocked: b, now: 16)  // nothing removed
        _ = try store.block(blocker: a, blocked: c, now: 17)  // no friendship row
        _ = try store.block(blocker: a, blocked: c, now: 18)  // re-block without a friendship: nothing new
        let ab = try store.outbox(of: AddressPair(a, b)!)
        #expect(ab.map(\.kind) == [.request, .accept, .block, .block, .unblock])
        #expect(ab.first?.actionID == request.actionID && ab.first?.message == "hi" && ab.first?.actor == a && ab.first?.target == b)
        #expect(ab.allSatisfy { $0.state == .pending && $0.actionID != nil })
        let ac = try store.outbox(of: AddressPair(a, c)!)
        #expect(ac.map(\.kind) == [.block] && ac.first?.actionID == nil)
        #expect(try store.outboxDepth() == 6)
        #expect(try store.pairsWithPendingMirrorWrites() == [AddressPair(a, b)!, AddressPair(a, c)!])
    }

    @Test("without --mirror nothing is queued")
    func notRecordedByDefault() throws {
        let fixture = try StoreFixture()
        try fixture.store.mustUpsert(addr(1), addr(2), .request, at: 10)
        #expect(try fixture.store.outboxDepth() == 0)
    }

    @Test("deliverable rows: the oldest pending row of each pair, once its retry time has come; finished rows record their events")
    func deliverable() throws {
        let (store, directory) = try mirroringStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (a, b, c, d) = (addr(1), addr(2), addr(3), addr(4))
        try store.mustUpsert(a, b, .request, at: 10)
        try store.mustUpsert(a, b, .cancel, at: 11)
        try store.mustUpsert(c, d, .request, at: 12)
        var rows = try store.deliverableOutbox(now: 100, limit: 10)
        #expect(rows.map(\.kind) == [.request, .request])
        #expect(rows.map(\.pair) == [AddressPair(a, b)!, AddressPair(c, d)!])
        try store.recordOutboxRetry(id: rows[0].id, error: "503", nextAttemptAt: 1_000)
        rows = try store.deliverableOutbox(now: 100, limit: 10)
        #expect(rows.map(\.pair) == [AddressPair(c, d)!])
        #expect(try store.nextOutboxAttempt() == 0)
        #expect(try store.deliverableOutbox(now: 100, limit: 10, excluding: [AddressPair(c, d)!]).isEmpty)
        let first = try #require(try store.deliverableOutbox(now: 2_000, limit: 10).first)
        #expect(first.attempts == 1 && first.lastError == "503")
        try store.finishOutbox(id: first.id, state: .delivered, roomID: "!r:x", eventIDs: ["$1", "$2"], now: 2_000)
        #expect(try store.isMirrorEvent("$2"))
        #expect(try !store.isMirrorEvent("$3"))
        #expect(try store.deliverableOutbox(now: 2_000, limit: 10).map(\.kind) == [.cancel, .request])
    }

    @Test("a batch planned against a pair that changed meanwhile is refused whole (.staleBatch) and writes nothing")
    func staleBatch() throws {
        let fixture = try StoreFixture()
        let (a, b) = (addr(1), addr(2))
        let request = try fixture.store.mustUpsert(a, b, .request, at: 10)
        var batch = ImportBatch(now: 20)
        batch.rooms = [LegacyRoomRecord(roomID: "!r:x", pair: AddressPair(a, b))]
        batch.expectations = [PairExpectation(pair: AddressPair(a, b)!, newestActionID: request.actionID, blocked: false)]
        // The pair moves on before the batch is applied.
        try fixture.store.mustUpsert(b, a, .accept, at: 15)
        #expect(throws: SocialStoreError.self) { try fixture.store.apply(batch) }
        #expect(try fixture.store.legacyRoom("!r:x") == nil)
        batch.expectations = [PairExpectation(pair: AddressPair(a, b)!, newestActionID: nil, blocked: false)]
        #expect(throws: SocialStoreError.self) { try fixture.store.apply(batch) }
        let newest = try #require(try fixture.store.newestAction(of: AddressPair(a, b)!))
        batch.expectations = [PairExpectation(pair: AddressPair(a, b)!, newestActionID: newest.action.id, blocked: false)]
        _ = try fixture.store.apply(batch)
        #expect(try fixture.store.legacyRoom("!r:x")?.pair == AddressPair(a, b))
        #expect(try fixture.store.legacyRooms(of: AddressPair(a, b)!).map(\.roomID) == ["!r:x"])
    }

    @Test("transactions and processed events are recorded with the batch; a redelivered event keeps its first outcome")
    func bookkeeping() throws {
        let fixture = try StoreFixture()
        var batch = ImportBatch(now: 5)
        batch.appServiceTransaction = AppServiceTransactionRecord(transactionID: "1", bodyDigest: "abc", eventCount: 2)
        batch.syncEvents = [SyncEventRecord(eventID: "$a", roomID: "!r", outcome: "applied")]
        _ = try fixture.store.apply(batch)
        #expect(try fixture.store.hasAppServiceTransaction(id: "1", bodyDigest: "abc"))
        #expect(try !fixture.store.hasAppServiceTransaction(id: "1", bodyDigest: "abd"))
        batch.syncEvents = [SyncEventRecord(eventID: "$a", roomID: "!r", outcome: "ignored")]
        _ = try fixture.store.apply(batch)
        #expect(try fixture.store.processedSyncEvents(among: ["$a", "$b"]) == ["$a"])
    }
}
