import Foundation
import Testing
import SocialDomain
@testable import SocialStore

@Suite struct WritePathTests {
    let a = addr(1), b = addr(2), c = addr(3)

    @Test func requestCreatesRowAndActionWithMessage() throws {
        let store = try StoreFixture().store
        let applied = try store.mustUpsert(a, b, .request, message: "hello", at: 1_000)
        #expect(applied.createdFriendship && !applied.isActive)
        #expect(applied.friendshipCreatedAt == 1_000 && applied.timestamp == 1_000)
        let row = try #require(try store.friendship(between: b, and: a))
        #expect(row == FriendshipRecord(id: applied.friendshipID, requester: a, requested: b, isActive: false, createdAt: 1_000, updatedAt: 1_000))
        let action = try #require(try store.action(id: applied.actionID))
        #expect(action == ActionRecord(id: applied.actionID, friendshipID: row.id, action: .request, actingUser: a, message: "hello", timestamp: 1_000))
        #expect(applied.actionID != applied.friendshipID)
        #expect(UUID(uuidString: applied.actionID) != nil && applied.actionID == applied.actionID.lowercased())
    }

    @Test func emptyMessageAndNonRequestMessagesAreNotStored() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let request = try store.mustUpsert(a, b, .request, message: "", at: 1)
        let accept = try store.mustUpsert(b, a, .accept, message: "ignored", at: 2)
        #expect(try store.action(id: request.actionID)?.message == nil)
        #expect(try store.action(id: accept.actionID)?.message == nil)
        let nullMetadata = try store.withDatabase { (db) throws(SocialStoreError) in
            try db.scalarInt("SELECT count(*) FROM friendship_actions WHERE metadata IS NULL")
        }
        #expect(nullMetadata == 2)
        let withMessage = try store.mustUpsert(a, c, .request, message: "hi \"there\"\n", at: 3)
        let stored = try store.withDatabase { (db) throws(SocialStoreError) in
            try db.scalarText("SELECT metadata FROM friendship_actions WHERE id = ?1", [.text(withMessage.actionID)])
        }
        #expect(stored == #"{"message":"hi \"there\"\n"}"#)
    }

    @Test func acceptActivatesAndKeepsRowIdentity() throws {
        let store = try StoreFixture().store
        let request = try store.mustUpsert(a, b, .request, at: 1_000)
        let accept = try store.mustUpsert(b, a, .accept, at: 2_000)
        #expect(accept.friendshipID == request.friendshipID && !accept.createdFriendship)
        #expect(accept.friendshipCreatedAt == 1_000 && accept.isActive)
        let row = try #require(try store.friendship(id: request.friendshipID))
        #expect(row.requester == a && row.requested == b && row.isActive && row.updatedAt == 2_000)
        let delete = try store.mustUpsert(a, b, .delete, at: 3_000)
        #expect(!delete.isActive)
        #expect(try store.friendship(id: request.friendshipID)?.isActive == false)
        // After delete the other side may request; the row keeps its first requester.
        _ = try store.mustUpsert(b, a, .request, at: 4_000)
        #expect(try store.friendship(between: a, and: b)?.requester == a)
        #expect(try store.actions(friendshipID: row.id).map(\.action) == [.request, .accept, .delete, .request])
    }

    @Test func refusalsWriteNothing() throws {
        let store = try StoreFixture().store
        #expect(try store.upsertFriendship(actor: a, target: a, action: .request, message: nil, now: 1) == .refused(.requestToSelf))
        #expect(try store.upsertFriendship(actor: a, target: a, action: .accept, message: nil, now: 1) == .refused(.invalidTransition))
        #expect(try store.upsertFriendship(actor: a, target: b, action: .accept, message: nil, now: 1) == .refused(.invalidTransition))
        #expect(try store.upsertFriendship(actor: a, target: b, action: .block, message: nil, now: 1) == .refused(.invalidTransition))
        let request = try store.mustUpsert(a, b, .request, at: 2)
        #expect(try store.upsertFriendship(actor: b, target: a, action: .request, message: nil, now: 3) == .refused(.invalidTransition))
        #expect(try store.upsertFriendship(actor: a, target: b, action: .accept, message: nil, now: 3) == .refused(.invalidTransition))
        #expect(try store.upsertFriendship(actor: b, target: a, action: .cancel, message: nil, now: 3) == .refused(.invalidTransition))
        #expect(try store.actions(friendshipID: request.friendshipID).count == 1)
        #expect(try store.friendship(between: a, and: a) == nil)
    }

    @Test(arguments: [true, false])
    func blockEitherWayRefusesEveryFriendshipAction(byTarget: Bool) throws {
        let store = try StoreFixture().store
        _ = try store.mustUpsert(a, b, .request, at: 1)
        _ = byTarget ? try store.block(blocker: b, blocked: a, now: 2) : try store.block(blocker: a, blocked: b, now: 2)
        for action in [FriendshipAction.request, .accept, .reject, .cancel, .delete] {
            #expect(try store.upsertFriendship(actor: a, target: b, action: action, message: nil, now: 3) == .refused(.blocked))
        }
        #expect(FriendshipStateMachine.Refusal.blocked.message == "This action is not allowed because either you blocked this user or this user blocked you")
    }

    @Test func blockWithFriendshipDeactivatesAndAppendsAction() throws {
        let store = try StoreFixture().store
        _ = try store.mustUpsert(a, b, .request, at: 1_000)
        let accept = try store.mustUpsert(b, a, .accept, at: 2_000)
        let outcome = try store.block(blocker: b, blocked: a, now: 3_000)
        #expect(outcome.created && outcome.friendshipExisted && outcome.actionID != nil)
        #expect(outcome.block.blocker == b && outcome.block.blocked == a && outcome.block.blockedAt == 3_000)
        let row = try #require(try store.friendship(id: accept.friendshipID))
        #expect(!row.isActive && row.updatedAt == 3_000)
        #expect(try store.friendshipStatus(viewer: b, other: a) == .blocked)
        #expect(try store.friendshipStatus(viewer: a, other: b) == .blockedBy)
        #expect(try store.areFriends(a, b) == false)
        // Re-blocking keeps the first id and date.
        let again = try store.block(blocker: b, blocked: a, now: 9_000)
        #expect(!again.created && again.block == outcome.block)
    }

    @Test func blockWithoutFriendshipIsASyntheticBlock() throws {
        let store = try StoreFixture().store
        let outcome = try store.block(blocker: a, blocked: c, now: 5_000)
        #expect(outcome.created && !outcome.friendshipExisted && outcome.actionID == nil)
        #expect(try store.friendship(between: a, and: c) == nil)
        let state = try #require(try store.pairState(c, a))
        #expect(state.isSynthetic && state.last == LastAction(.block, by: a) && state.timestamp == 5_000)
        #expect(try store.friendshipStatus(viewer: c, other: a) == .blockedBy)
        #expect(throws: SocialStoreError.self) { try store.block(blocker: a, blocked: a, now: 1) }
    }

    @Test func unblockRemovesOnlyOwnBlockAndAppendsDelete() throws {
        let store = try StoreFixture().store
        _ = try store.mustUpsert(a, b, .request, at: 1)
        let accept = try store.mustUpsert(b, a, .accept, at: 2)
        _ = try store.block(blocker: a, blocked: b, now: 3)
        _ = try store.block(blocker: b, blocked: a, now: 4)
        let notMine = try store.unblock(blocker: c, blocked: a, now: 5)
        #expect(notMine == UnblockOutcome(removedBlock: false, friendshipExisted: false, actionID: nil))
        let first = try store.unblock(blocker: a, blocked: b, now: 6)
        #expect(first.removedBlock && first.friendshipExisted && first.actionID != nil)
        #expect(try store.block(blocker: b, blocked: a) != nil)
        #expect(try store.isBlockedEitherWay(a, b))
        let repeatUnblock = try store.unblock(blocker: a, blocked: b, now: 7)
        #expect(repeatUnblock == UnblockOutcome(removedBlock: false, friendshipExisted: true, actionID: nil))
        _ = try store.unblock(blocker: b, blocked: a, now: 8)
        #expect(try !store.isBlockedEitherWay(a, b))
        #expect(try store.friendshipStatus(viewer: a, other: b) == .deleted)
        #expect(try store.actions(friendshipID: accept.friendshipID).map(\.action) == [.request, .accept, .block, .block, .delete, .delete])
        // The delete recorded by unblock leaves is_active alone (false since the block).
        #expect(try store.friendship(id: accept.friendshipID)?.isActive == false)
        _ = try store.mustUpsert(b, a, .request, at: 9)
        #expect(try store.friendshipStatus(viewer: a, other: b) == .requestReceived)
    }

    @Test func newActionStaysNewestDespiteAnEarlierClock() throws {
        let store = try StoreFixture().store
        _ = try store.mustUpsert(a, b, .request, at: 10_000)
        let accept = try store.mustUpsert(b, a, .accept, at: 9_000)
        #expect(accept.timestamp == 10_000)
        #expect(try store.pairState(a, b)?.last == LastAction(.accept, by: b))
    }

    @Test func transactionRollsBackOnThrow() throws {
        let store = try StoreFixture().store
        struct Boom: Error {}
        #expect(throws: SocialStoreError.self) {
            try store.transaction(write: true) { (db) throws(SocialStoreError) in
                try db.insertFriendship(FriendshipRecord(id: "x", requester: a, requested: b, isActive: true, createdAt: 1, updatedAt: 1))
                throw SocialStoreError(.invalidArgument, "boom")
            }
        }
        #expect(try store.friendship(id: "x") == nil)
        // The connection is usable afterwards.
        _ = try store.mustUpsert(a, b, .request, at: 1)
    }

    @Test func concurrentCrossedRequestsApplyExactlyOnce() async throws {
        let store = try StoreFixture().store
        let a = self.a, b = self.b
        let outcomes = try await withThrowingTaskGroup(of: UpsertOutcome.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let (actor, target) = index.isMultiple(of: 2) ? (a, b) : (b, a)
                    return try store.upsertFriendship(actor: actor, target: target, action: .request, message: nil, now: Int64(index))
                }
            }
            var all: [UpsertOutcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let applied = outcomes.filter { if case .applied = $0 { true } else { false } }
        #expect(applied.count == 1)
        #expect(outcomes.filter { $0 == .refused(.invalidTransition) }.count == 23)
        let row = try #require(try store.friendship(between: a, and: b))
        #expect(try store.actions(friendshipID: row.id).count == 1)
    }
}
