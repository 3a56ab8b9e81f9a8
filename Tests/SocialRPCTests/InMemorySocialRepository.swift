import Foundation
import SocialDomain
import SocialStore
@testable import SocialRPC

/// A repository held in memory with the store's semantics, for core tests that run before or
/// independently of SQLite; `failing` makes every call throw.
final class InMemorySocialRepository: SocialRepository, @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String { "disk on fire" } }

    private struct Pair {
        var id: String
        var requester: Address
        var isActive: Bool
        var createdAt: Int64
    }

    private struct Action {
        var id: String
        var pair: AddressPair
        var action: FriendshipAction
        var actor: Address
        var message: String?
        var timestamp: Int64
    }

    private let lock = NSLockBox()
    private var pairs: [AddressPair: Pair] = [:]
    private var actions: [Action] = []
    private var blocks: [Address: [Address: Int64]] = [:]
    private var counter = 0
    var failing = false

    private func locked<T>(_ body: () throws -> T) throws -> T {
        try lock.run { () -> Result<T, any Error> in
            if failing { return .failure(Failure()) }
            return Result { try body() }
        }.get()
    }

    private func newID() -> String {
        counter += 1
        return String(format: "00000000-0000-4000-8000-%012d", counter)
    }

    private func isBlocked(_ a: Address, _ b: Address) -> Bool { blocks[a]?[b] != nil || blocks[b]?[a] != nil }

    private func last(_ pair: AddressPair) -> Action? {
        actions.enumerated().filter { $0.element.pair == pair }
            .max { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }?.element
    }

    private func friendsList(_ user: Address) -> [(Address, Int64)] {
        pairs.compactMap { pair, row -> (Address, Int64)? in
            guard row.isActive, let other = pair.other(than: user), !isBlocked(user, other) else { return nil }
            return (other, row.createdAt)
        }
    }

    private func page<T>(_ rows: [T], _ limit: Int, _ offset: Int) -> Page<T> {
        Page(items: Array(rows.dropFirst(offset).prefix(limit)), total: rows.count)
    }

    func friends(of user: Address, limit: Int, offset: Int) throws -> Page<FriendEntry> {
        try locked {
            let rows = friendsList(user).sorted { ($0.1, $1.0) > ($1.1, $0.0) }
                .map { FriendEntry(address: $0.0, friendshipID: pairs[AddressPair(user, $0.0)!]!.id, createdAt: $0.1) }
            return page(rows, limit, offset)
        }
    }

    func allFriends(of user: Address) throws -> [Address] { try locked { friendsList(user).map(\.0) } }

    func mutualFriends(of user: Address, and other: Address, limit: Int, offset: Int) throws -> Page<Address> {
        try locked {
            let mine = Set(friendsList(user).map(\.0))
            return page(friendsList(other).map(\.0).filter { mine.contains($0) }.sorted(), limit, offset)
        }
    }

    private func requests(_ user: Address, sent: Bool) -> [RequestEntry] {
        pairs.compactMap { pair, row -> (RequestEntry, Int64)? in
            guard pair.contains(user), !row.isActive, let other = pair.other(than: user), !isBlocked(user, other),
                  let newest = last(pair), newest.action == .request, (newest.actor == user) == sent else { return nil }
            return (RequestEntry(actionID: newest.id, friendshipID: row.id, other: other, createdAt: newest.timestamp, message: newest.message),
                    newest.timestamp)
        }.sorted { $0.1 > $1.1 }.map(\.0)
    }

    func pendingRequests(to user: Address, limit: Int, offset: Int) throws -> Page<RequestEntry> {
        try locked { page(requests(user, sent: false), limit, offset) }
    }

    func sentRequests(by user: Address, limit: Int, offset: Int) throws -> Page<RequestEntry> {
        try locked { page(requests(user, sent: true), limit, offset) }
    }

    func pairState(_ a: Address, _ b: Address) throws -> PairState? {
        try locked {
            guard let pair = AddressPair(a, b) else { return nil }
            if let newest = last(pair) {
                return PairState(last: LastAction(newest.action, by: newest.actor), timestamp: newest.timestamp, actionID: newest.id, isImported: false)
            }
            if let at = blocks[a]?[b] { return PairState(last: LastAction(.block, by: a), timestamp: at, actionID: nil, isImported: false) }
            if let at = blocks[b]?[a] { return PairState(last: LastAction(.block, by: b), timestamp: at, actionID: nil, isImported: false) }
            return nil
        }
    }

    private func blockRecord(_ blocker: Address, _ blocked: Address, _ at: Int64) -> BlockRecord {
        BlockRecord(id: "block-\(blocker)-\(blocked)", blocker: blocker, blocked: blocked, blockedAt: at)
    }

    func blocks(by user: Address, limit: Int, offset: Int) throws -> Page<BlockRecord> {
        try locked {
            let rows = (blocks[user] ?? [:]).map { blockRecord(user, $0.key, $0.value) }
                .sorted { $0.blockedAt != $1.blockedAt ? $0.blockedAt > $1.blockedAt : $0.blocked < $1.blocked }
            return page(rows, limit, offset)
        }
    }

    func blockingStatus(of user: Address) throws -> BlockingStatus {
        try locked {
            BlockingStatus(
                blocked: (blocks[user] ?? [:]).map { blockRecord(user, $0.key, $0.value) },
                blockedBy: blocks.compactMap { blocker, list in list[user].map { blockRecord(blocker, user, $0) } })
        }
    }

    func upsertFriendship(actor: Address, target: Address, action: FriendshipAction, message: String?, now timestamp: Int64) throws -> UpsertOutcome {
        try locked {
            guard let pair = AddressPair(actor, target) else { return .refused(action == .request ? .requestToSelf : .invalidTransition) }
            let newest = last(pair).map { LastAction($0.action, by: $0.actor) }
            if let refusal = FriendshipStateMachine.refusal(of: action, by: actor, towards: target, last: newest, blockedEitherWay: isBlocked(actor, target)) {
                return .refused(refusal)
            }
            let created = pairs[pair] == nil
            var row = pairs[pair] ?? Pair(id: newID(), requester: actor, isActive: false, createdAt: timestamp)
            row.isActive = FriendshipStateMachine.isActive(after: action)
            pairs[pair] = row
            let id = newID()
            actions.append(Action(id: id, pair: pair, action: action, actor: actor, message: message, timestamp: timestamp))
            return .applied(AppliedUpsert(friendshipID: row.id, friendshipCreatedAt: row.createdAt, actionID: id, timestamp: timestamp,
                                          isActive: row.isActive, createdFriendship: created))
        }
    }

    func block(blocker: Address, blocked: Address, now timestamp: Int64) throws -> BlockOutcome {
        try locked {
            let existing = blocks[blocker]?[blocked]
            let blockedAt = existing ?? timestamp
            blocks[blocker, default: [:]][blocked] = blockedAt
            let record = blockRecord(blocker, blocked, blockedAt)
            guard let pair = AddressPair(blocker, blocked), pairs[pair] != nil else {
                return BlockOutcome(block: record, created: existing == nil, friendshipExisted: false, actionID: nil)
            }
            pairs[pair]?.isActive = false
            let id = newID()
            actions.append(Action(id: id, pair: pair, action: .block, actor: blocker, message: nil, timestamp: timestamp))
            return BlockOutcome(block: record, created: existing == nil, friendshipExisted: true, actionID: id)
        }
    }

    func unblock(blocker: Address, blocked: Address, now timestamp: Int64) throws -> UnblockOutcome {
        try locked {
            let removed = blocks[blocker]?.removeValue(forKey: blocked) != nil
            guard let pair = AddressPair(blocker, blocked), pairs[pair] != nil else {
                return UnblockOutcome(removedBlock: removed, friendshipExisted: false, actionID: nil)
            }
            guard removed else { return UnblockOutcome(removedBlock: false, friendshipExisted: true, actionID: nil) }
            let id = newID()
            actions.append(Action(id: id, pair: pair, action: .delete, actor: blocker, message: nil, timestamp: timestamp))
            return UnblockOutcome(removedBlock: true, friendshipExisted: true, actionID: id)
        }
    }
}
