import SocialDomain
import SocialStore

/// The store as `diff` reads it: pages in the legacy derivation's order, and a few lookups for pairs whose
/// two sides differ. Read-only by construction (implemented over a read-only `SocialStore` by
/// `SocialStoreDiffStore`, in memory by tests).
public protocol DiffStore: Sendable {
    /// Up to `limit` pairs strictly after `after`, in `AddressPair` order, as `export` shows them.
    func pairs(after: AddressPair?, limit: Int) async throws -> [StoreSnapshot.Pair]
    /// Up to `limit` blocks strictly after `after`, in (blocker, blocked) order.
    func blocks(after: ProfileBlocks.Block?, limit: Int) async throws -> [ProfileBlocks.Block]
    /// Journaled findings about `pair` under one of `rules`, oldest first.
    func journal(of pair: AddressPair, rules: [ConflictRule]) async throws -> [JournalEntry]
    /// The pair's oldest action, if it has a row with actions.
    func oldestAction(of pair: AddressPair) async throws -> StoredAction?
    /// Whether a blocks row exists between the two, either way.
    func isBlocked(_ pair: AddressPair) async throws -> Bool
    /// Pairs with actions waiting in the mirror outbox; empty when the store has no outbox.
    func pairsWithPendingMirrorWrites() async throws -> Set<AddressPair>
}

/// `DiffStore` over a `SocialStore` (open it read-only: `diff` writes nothing).
public struct SocialStoreDiffStore: DiffStore {
    private let store: SocialStore

    /// - Parameter store: the database, normally opened with `SocialStore.Options.readOnly`.
    public init(store: SocialStore) { self.store = store }

    public func pairs(after: AddressPair?, limit: Int) async throws -> [StoreSnapshot.Pair] {
        try store.snapshotPairs(after: after, limit: limit)
    }

    public func blocks(after: ProfileBlocks.Block?, limit: Int) async throws -> [ProfileBlocks.Block] {
        try store.snapshotBlocks(after: after.map { ($0.blocker, $0.blocked) }, limit: limit).map {
            ProfileBlocks.Block(blocker: $0.blocker, blocked: $0.blocked)
        }
    }

    public func journal(of pair: AddressPair, rules: [ConflictRule]) async throws -> [JournalEntry] {
        try store.conflicts(of: pair, rules: rules.map(\.rawValue)).compactMap { record in
            ConflictRule(rawValue: record.rule).map {
                JournalEntry($0, roomID: record.roomID, eventIDs: record.eventIDs, pair: pair.description, detail: record.detail)
            }
        }
    }

    public func oldestAction(of pair: AddressPair) async throws -> StoredAction? {
        try store.oldestAction(of: pair).map {
            StoredAction(id: $0.action.id, action: $0.action.action, actingUser: $0.action.actingUser,
                         timestamp: $0.action.timestamp, imported: $0.isImported)
        }
    }

    public func isBlocked(_ pair: AddressPair) async throws -> Bool { try store.isBlockedEitherWay(pair.lo, pair.hi) }

    /// Pairs with mirror writes still pending in `mirror_outbox` (none for a store written before the table existed).
    public func pairsWithPendingMirrorWrites() async throws -> Set<AddressPair> { try store.pairsWithPendingMirrorWrites() }
}
