import Testing
import SocialDomain
@testable import SocialStore

@Suite struct ImportTests {
    @Test func applyingTwiceChangesNothingTheSecondTime() throws {
        let store = try StoreFixture().store
        let batch = SampleDatabase.batch()
        let first = try store.apply(batch)
        #expect(first.friendshipsInserted == SampleDatabase.histories.count)
        #expect(first.actionsInserted == SampleDatabase.histories.map(\.2.count).reduce(0, +))
        #expect(first.blocksInserted == 2 && first.checkpointsChanged == 1 && first.changedAnything)
        let before = try store.snapshot()
        let second = try store.apply(batch)
        #expect(second == ImportResult())
        #expect(!second.changedAnything)
        #expect(try store.snapshot() == before)
        for row in batch.friendships {
            #expect(try store.friendship(id: row.id) == row)
        }
        #expect(try store.checkpoint("sample") == "v1")
    }

    @Test func existingPairRowKeepsItsIdAndReceivesTheActions() throws {
        let store = try StoreFixture().store
        let a = addr(1), b = addr(2)
        let made = try store.mustUpsert(b, a, .request, at: 1_000)
        let importedID = BridgeIDs.friendship(try #require(AddressPair(a, b)))
        let action = ActionRecord(id: BridgeIDs.action(eventID: "$e1"), friendshipID: importedID, action: .accept, actingUser: a, message: nil, timestamp: 2_000)
        let result = try store.apply(ImportBatch(
            friendships: [FriendshipRecord(id: importedID, requester: a, requested: b, isActive: true, createdAt: 500, updatedAt: 2_000)],
            actions: [action], now: 3_000))
        #expect(result.friendshipsInserted == 0 && result.friendshipsUpdated == 1 && result.actionsInserted == 1)
        #expect(result.friendshipIDRemaps == [importedID: made.friendshipID])
        let row = try #require(try store.friendship(between: a, and: b))
        #expect(row.id == made.friendshipID && row.requester == b && row.createdAt == 1_000 && row.isActive && row.updatedAt == 2_000)
        #expect(try store.action(id: action.id)?.friendshipID == made.friendshipID)
        #expect(try store.friendship(id: importedID) == nil)
    }

    @Test func provenanceMarksImportedActionsAndBlocks() throws {
        let store = try StoreFixture().store
        let a = addr(1), b = addr(2)
        let pair = try #require(AddressPair(a, b))
        let id = BridgeIDs.friendship(pair), actionID = BridgeIDs.action(eventID: "$req")
        let blockID = BridgeIDs.block(blocker: a, blocked: addr(3))
        var batch = ImportBatch(
            friendships: [FriendshipRecord(id: id, requester: a, requested: b, isActive: false, createdAt: 1, updatedAt: 10)],
            actions: [ActionRecord(id: actionID, friendshipID: id, action: .request, actingUser: a, message: "hey", timestamp: 10)],
            blocks: [BlockRecord(id: blockID, blocker: a, blocked: addr(3), blockedAt: 50)],
            legacySources: [LegacySource(kind: .friendship, rowID: id, roomID: "!room:x"),
                            LegacySource(kind: .action, rowID: actionID, roomID: "!room:x", eventID: "$req", runID: "run1"),
                            LegacySource(kind: .block, rowID: blockID, runID: "run1")],
            now: 100)
        #expect(try store.apply(batch).legacySourcesChanged == 3)
        let newest = try #require(try store.newestAction(of: pair))
        #expect(newest.isImported && newest.action.id == actionID && newest.action.message == "hey")
        #expect(try store.actionExists(id: actionID))
        #expect(try store.legacySource(kind: .action, rowID: actionID) == LegacySource(kind: .action, rowID: actionID, roomID: "!room:x", eventID: "$req", runID: "run1"))
        // A new-side action is newest and not imported.
        _ = try store.mustUpsert(b, a, .accept, at: 20)
        let after = try #require(try store.newestAction(of: pair))
        #expect(!after.isImported && after.action.action == .accept)
        #expect(try store.pairState(a, b)?.isImported == false)
        // An unblock removes the row but the import record stays, so a re-run can tell.
        _ = try store.unblock(blocker: a, blocked: addr(3), now: 200)
        #expect(try store.block(blocker: a, blocked: addr(3)) == nil)
        #expect(try store.wasBlockImported(id: blockID))
        #expect(try !store.wasBlockImported(id: BridgeIDs.block(blocker: addr(3), blocked: a)))
        // Changing a record's room counts as a change; re-applying it does not.
        batch.legacySources = [LegacySource(kind: .friendship, rowID: id, roomID: "!other:x")]
        batch.friendships = []
        batch.actions = []
        batch.blocks = []
        #expect(try store.apply(batch).legacySourcesChanged == 1)
        #expect(try store.apply(batch).legacySourcesChanged == 0)
    }

    @Test func conflictsAreJournaledOnceAcrossRuns() throws {
        let store = try StoreFixture().store
        let pair = try #require(AddressPair(addr(2), addr(1)))
        let finding = ConflictRecord(runID: "run1", rule: "crossed_requests", pair: pair, roomID: "!r:x", eventIDs: ["$a", "$b"], detail: "both requested")
        let roomless = ConflictRecord(runID: "run1", rule: "invalid_profile_entry", detail: "entry 3")
        #expect(try store.apply(ImportBatch(conflicts: [finding, roomless], now: 10)).conflictsInserted == 2)
        var rerun = finding
        rerun.runID = "run2"
        rerun.detail = "worded differently"
        var rerunRoomless = roomless
        rerunRoomless.runID = "run2"
        #expect(try store.apply(ImportBatch(conflicts: [rerun, rerunRoomless], now: 20)).conflictsInserted == 0)
        let stored = try store.conflicts()
        #expect(stored.count == 2)
        #expect(stored[0].pair == pair && stored[0].eventIDs == ["$a", "$b"] && stored[0].runID == "run1" && stored[0].createdAt == 10)
        #expect(stored[1].pair == nil && stored[1].roomID == nil)
        #expect(try store.conflicts(runID: "run2").isEmpty)
    }

    @Test func checkpointsCountOnlyRealChanges() throws {
        let store = try StoreFixture().store
        #expect(try store.checkpoint("cursor") == nil)
        #expect(try store.apply(ImportBatch(checkpoints: ["cursor": "s1", "run": "a"], now: 1)).checkpointsChanged == 2)
        #expect(try store.apply(ImportBatch(checkpoints: ["cursor": "s1"], now: 2)).checkpointsChanged == 0)
        #expect(try store.apply(ImportBatch(checkpoints: ["cursor": "s2"], now: 3)).checkpointsChanged == 1)
        #expect(try store.checkpoint("cursor") == "s2")
    }

    @Test func failingBatchLeavesNothingBehind() throws {
        let store = try StoreFixture().store
        let pair = try #require(AddressPair(addr(1), addr(2)))
        let id = BridgeIDs.friendship(pair)
        // Two different blocks with the same id violate the primary key: the whole batch must roll back.
        let batch = ImportBatch(
            friendships: [FriendshipRecord(id: id, requester: addr(1), requested: addr(2), isActive: false, createdAt: 1, updatedAt: 1)],
            blocks: [BlockRecord(id: "dup", blocker: addr(1), blocked: addr(3), blockedAt: 1),
                     BlockRecord(id: "dup", blocker: addr(1), blocked: addr(4), blockedAt: 1)],
            checkpoints: ["cursor": "x"], now: 5)
        let error = #expect(throws: SocialStoreError.self) { try store.apply(batch) }
        #expect(error?.code == .sqlite)
        #expect(try store.friendship(id: id) == nil)
        #expect(try store.checkpoint("cursor") == nil)
        #expect(try store.blocks(by: addr(1), limit: 10, offset: 0).total == 0)
    }

    @Test func dryRunCountsButKeepsNothing() throws {
        let store = try StoreFixture().store
        let dry = try store.apply(SampleDatabase.batch(), dryRun: true)
        #expect(dry.friendshipsInserted == SampleDatabase.histories.count && dry.blocksInserted == 2)
        #expect(try store.snapshot() == StoreSnapshot(friendships: [], blocks: []))
        #expect(try store.checkpoints().isEmpty)
        let real = try store.apply(SampleDatabase.batch())
        #expect(real == dry)
        #expect(try store.checkpoints() == ["sample": "v1"])
    }

    @Test func rowOriginIsReplacedOnlyWhenAsked() throws {
        let store = try StoreFixture().store
        let a = addr(1), b = addr(2)
        let made = try store.mustUpsert(a, b, .request, at: 1_000)
        var batch = ImportBatch(
            friendships: [FriendshipRecord(id: "ignored", requester: b, requested: a, isActive: false, createdAt: 500, updatedAt: 1_000)],
            now: 2_000)
        #expect(try store.apply(batch).friendshipsUpdated == 0)
        #expect(try store.friendship(id: made.friendshipID)?.requester == a)
        batch.keepsExistingRowOrigin = false
        #expect(try store.apply(batch).friendshipsUpdated == 1)
        #expect(try store.friendship(id: made.friendshipID) == FriendshipRecord(
            id: made.friendshipID, requester: b, requested: a, isActive: false, createdAt: 500, updatedAt: 1_000))
        #expect(try store.apply(batch).friendshipsUpdated == 0)
    }
}
