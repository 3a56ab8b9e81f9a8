import Foundation
import SocialDomain
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
        Page(rows: Array(rows.dropFirst(offset).prefix(limit)), total: rows.count)
    }

    func friends(of user: Address, limit: Int, offset: Int) throws -> Page<FriendRow> {
        try locked {
            let rows = friendsList(user).sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map { FriendRow(address: $0.0, friendshipCreatedAt: $0.1) }
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

    private func requests(_ user: Address, sent: Bool) -> [FriendshipRequestRow] {
        pairs.compactMap { pair, row -> (FriendshipRequestRow, Int64)? in
            guard pair.contains(user), !row.isActive, let other = pair.other(than: user), !isBlocked(user, other),
                  let newest = last(pair), newest.action == .request, (newest.actor == user) == sent else { return nil }
            return (FriendshipRequestRow(actionID: newest.id, other: other, createdAt: newest.timestamp, message: newest.message), newest.timestamp)
        }.sorted { $0.1 > $1.1 }.map(\.0)
    }

    func pendingRequests(to user: Address, limit: Int, offset: Int) throws -> Page<FriendshipRequestRow> {
        try locked { page(requests(user, sent: false), limit, offset) }
    }

    func sentRequests(by user: Address, limit: Int, offset: Int) throws -> Page<FriendshipRequestRow> {
        try locked { page(requests(user, sent: true), limit, offset) }
    }

    func lastAction(between a: Address, and b: Address) throws -> LastAction? {
        try locked {
            guard let pair = AddressPair(a, b) else { return nil }
            if let newest = last(pair) { return LastAction(newest.action, by: newest.actor) }
            if blocks[a]?[b] != nil { return LastAction(.block, by: a) }
            if blocks[b]?[a] != nil { return LastAction(.block, by: b) }
            return nil
        }
    }

    func blockedUsers(by user: Address, limit: Int, offset: Int) throws -> Page<BlockRow> {
        try locked {
            let rows = (blocks[user] ?? [:]).map { BlockRow(blocked: $0.key, blockedAt: $0.value) }
                .sorted { $0.blockedAt != $1.blockedAt ? $0.blockedAt > $1.blockedAt : $0.blocked < $1.blocked }
            return page(rows, limit, offset)
        }
    }

    func blockingStatus(of user: Address) throws -> (blocked: [Address], blockedBy: [Address]) {
        try locked {
            ((blocks[user] ?? [:]).keys.sorted(), blocks.filter { $0.value[user] != nil }.keys.sorted())
        }
    }

    func recordFriendshipAction(_ action: FriendshipAction, actor: Address, target: Address, message: String?, at timestamp: Int64) throws -> FriendshipWriteOutcome {
        try locked {
            guard let pair = AddressPair(actor, target) else { return .refused(.requestToSelf) }
            let newest = last(pair).map { LastAction($0.action, by: $0.actor) }
            if let refusal = FriendshipStateMachine.refusal(of: action, by: actor, towards: target, last: newest, blockedEitherWay: isBlocked(actor, target)) {
                return .refused(refusal)
            }
            var row = pairs[pair] ?? Pair(id: newID(), requester: actor, isActive: false, createdAt: timestamp)
            row.isActive = FriendshipStateMachine.isActive(after: action)
            pairs[pair] = row
            let id = newID()
            actions.append(Action(id: id, pair: pair, action: action, actor: actor, message: message, timestamp: timestamp))
            return .recorded(FriendshipWrite(friendshipID: row.id, friendshipCreatedAt: row.createdAt, actionID: id))
        }
    }

    func block(_ blocked: Address, by blocker: Address, at timestamp: Int64) throws -> BlockWrite {
        try locked {
            let blockedAt = blocks[blocker]?[blocked] ?? timestamp
            blocks[blocker, default: [:]][blocked] = blockedAt
            guard let pair = AddressPair(blocker, blocked), pairs[pair] != nil else { return BlockWrite(blockedAt: blockedAt, friendshipUpdated: false) }
            pairs[pair]?.isActive = false
            actions.append(Action(id: newID(), pair: pair, action: .block, actor: blocker, message: nil, timestamp: timestamp))
            return BlockWrite(blockedAt: blockedAt, friendshipUpdated: true)
        }
    }

    func unblock(_ blocked: Address, by blocker: Address, at timestamp: Int64) throws -> UnblockWrite {
        try locked {
            guard blocks[blocker]?.removeValue(forKey: blocked) != nil else { return UnblockWrite(blockRemoved: false, deleteAppended: false) }
            guard let pair = AddressPair(blocker, blocked), pairs[pair] != nil else { return UnblockWrite(blockRemoved: true, deleteAppended: false) }
            actions.append(Action(id: newID(), pair: pair, action: .delete, actor: blocker, message: nil, timestamp: timestamp))
            return UnblockWrite(blockRemoved: true, deleteAppended: true)
        }
    }
}
