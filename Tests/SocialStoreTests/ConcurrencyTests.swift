import Testing
import SocialDomain
@testable import SocialStore

@Suite struct ConcurrencyTests {
    @Test func readersAndWritersInterleaveSafely() async throws {
        let store = try StoreFixture().store
        let hub = addr(1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<40 {
                group.addTask {
                    let friend = addr(100 + n)
                    _ = try store.upsertFriendship(actor: friend, target: hub, action: .request, message: "m\(n)", now: Int64(n))
                    _ = try store.upsertFriendship(actor: hub, target: friend, action: .accept, message: nil, now: Int64(n) + 1)
                }
                group.addTask {
                    let page = try store.friends(of: hub, limit: 10, offset: 0)
                    #expect(page.items.count <= 10 && page.total <= 40)
                    _ = try store.pendingRequests(to: hub, limit: 100, offset: 0)
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.friends(of: hub, limit: 100, offset: 0).total == 40)
        #expect(try store.pendingRequests(to: hub, limit: 100, offset: 0).total == 0)
    }

    @Test func anotherConnectionsLockGivesBusyAfterTheTimeout() throws {
        let fixture = try StoreFixture()
        let other = try SocialStore(path: fixture.path, options: .init(busyTimeoutMilliseconds: 20))
        let error = #expect(throws: SocialStoreError.self) {
            try fixture.store.transaction(write: true) { (db) throws(SocialStoreError) in
                try db.run("INSERT INTO sync_checkpoints (key, value, updated_at) VALUES ('k', 'v', 1)")
                // The first connection holds the write lock; the second cannot write while it does.
                _ = try other.block(blocker: addr(1), blocked: addr(2), now: 1)
            }
        }
        #expect(error?.code == .busy)
        #expect(try other.checkpoint("k") == nil)
        _ = try other.block(blocker: addr(1), blocked: addr(2), now: 1)
        #expect(try fixture.store.isBlockedEitherWay(addr(2), addr(1)))
    }

    @Test func readsRunBesideAnOpenWriteAndSeeOnlyCommittedState() throws {
        let store = try StoreFixture().store
        _ = try store.mustUpsert(addr(1), addr(2), .request, at: 1)
        let seenInside = try store.transaction(write: true) { (db) throws(SocialStoreError) -> Int in
            try db.run("UPDATE friendships SET is_active = 1")
            // A query connection does not wait for the writer and sees the last commit, not this write.
            return try store.friends(of: addr(1), limit: 10, offset: 0).total
        }
        #expect(seenInside == 0)
        #expect(try store.friends(of: addr(1), limit: 10, offset: 0).total == 1)
    }
}
