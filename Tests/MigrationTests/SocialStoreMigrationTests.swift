import BridgeTestSupport
import Foundation
import Migration
import SocialDomain
import SocialStore
import Testing

/// The engine writing through the real SQLite store.
@Suite struct SocialStoreMigrationTests {
    typealias L = Legacy

    func dump(_ store: SocialStore, pairs: [AddressPair]) throws -> [String] {
        var lines: [String] = []
        for pair in pairs {
            guard let row = try store.friendship(between: pair.lo, and: pair.hi) else { continue }
            lines.append("F \(row.id) \(row.requester) \(row.requested) \(row.isActive) \(row.createdAt) \(row.updatedAt)")
            for action in try store.actions(friendshipID: row.id) {
                lines.append("A \(action.id) \(action.action) \(action.actingUser) \(action.message ?? "-") \(action.timestamp)")
            }
            for (x, y) in [(pair.lo, pair.hi), (pair.hi, pair.lo)] {
                if let block = try store.block(blocker: x, blocked: y) { lines.append("B \(block.id) \(x) \(y) \(block.blockedAt)") }
            }
        }
        return lines
    }

    @Test("migrate into SQLite: statuses, provenance, checkpoint, idempotent re-run, conflicts journaled once")
    func sqlite() async throws {
        let directory = try makeTemporaryDirectory("migration-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let social = try SocialStore(path: directory.appendingPathComponent("social.db").path)
        let store = SocialStoreMigrationStore(store: social)
        let engineTests = MigrationEngineTests()
        let hs = try await engineTests.seeded()
        let report = try await engineTests.migrate(hs, store, blocks: engineTests.blocksJSON, now: 50_000)
        #expect(report.pairsWritten == 4)

        let d = MigrationEngineTests.d
        let pairs = [(L.a, L.b), (L.a, L.c), (L.b, L.c), (L.b, d), (L.a, d)].map { AddressPair(L.addr($0.0), L.addr($0.1))! }
        #expect(try social.friendshipStatus(viewer: L.addr(L.a), other: L.addr(L.b)) == .accepted)
        #expect(try social.friendshipStatus(viewer: L.addr(L.a), other: L.addr(L.c)) == .blockedBy)
        #expect(try social.friendshipStatus(viewer: L.addr(L.b), other: L.addr(L.c)) == .canceled)
        #expect(try social.friendshipStatus(viewer: L.addr(L.b), other: L.addr(d)) == .requestReceived)
        #expect(try social.friendshipStatus(viewer: L.addr(L.a), other: L.addr(d)) == .blockedBy)
        let source = try social.legacySource(kind: .action, rowID: BridgeIDs.action(eventID: "$1b"))
        #expect(source?.roomID == "!r1:decentraland.org" && source?.eventID == "$1b")
        #expect(try social.pairState(L.addr(L.a), L.addr(L.b))?.isImported == true)
        #expect(try await store.checkpoint()?.completed == true)
        let conflicts = try social.conflicts().count
        #expect(conflicts > 0)

        let first = try dump(social, pairs: pairs)
        let again = try await engineTests.migrate(hs, store, blocks: engineTests.blocksJSON, now: 60_000)
        #expect(again.pairsUnchanged == 4 && again.actionsWritten == 0 && again.blocksUnchanged == 2)
        #expect(try dump(social, pairs: pairs) == first)
        #expect(try social.conflicts().count == conflicts)
    }
}
