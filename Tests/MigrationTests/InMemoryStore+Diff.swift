import Migration
import SocialDomain
import SocialStore

/// The in-memory store read as `diff` reads a database: the export's view of each pair, pages in pair order.
extension InMemoryStore: DiffStore {
    /// Every pair as `export` shows it, in pair order (newest action by timestamp, then id).
    func exportPairs() -> [StoreSnapshot.Pair] {
        friendships.values.compactMap { row -> StoreSnapshot.Pair? in
            guard let users = AddressPair(row.requester, row.requested) else { return nil }
            let newest = actions.values.map(\.action).filter { $0.friendshipID == row.id }
                .max { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }
            return StoreSnapshot.Pair(
                users: users, requester: row.requester, status: newest?.action, actingUser: newest?.actingUser,
                active: row.isActive, message: newest?.action == .request ? newest?.message.flatMap { $0.isEmpty ? nil : $0 } : nil,
                updatedAt: newest?.timestamp ?? row.updatedAt, actionID: newest?.id)
        }.sorted { $0.users < $1.users }
    }

    func pairs(after: AddressPair?, limit: Int) async throws -> [StoreSnapshot.Pair] {
        pairPagesRead += 1
        return Array(exportPairs().filter { pair in after.map { pair.users > $0 } ?? true }.prefix(limit))
    }

    func blocks(after: ProfileBlocks.Block?, limit: Int) async throws -> [ProfileBlocks.Block] {
        let all = blocks.values.map { ProfileBlocks.Block(blocker: $0.blocker, blocked: $0.blocked) }.sorted()
        return Array(all.filter { block in after.map { block > $0 } ?? true }.prefix(limit))
    }

    func journal(of pair: AddressPair, rules: [ConflictRule]) async throws -> [JournalEntry] {
        conflicts.filter { $0.pair == pair.description && rules.contains($0.rule) }
    }

    func oldestAction(of pair: AddressPair) async throws -> StoredAction? {
        guard let row = friendships.values.first(where: { AddressPair($0.requester, $0.requested) == pair }) else { return nil }
        return actions.values.filter { $0.action.friendshipID == row.id }
            .min { ($0.action.timestamp, $0.action.id) < ($1.action.timestamp, $1.action.id) }
            .map { StoredAction(id: $0.action.id, action: $0.action.action, actingUser: $0.action.actingUser,
                                timestamp: $0.action.timestamp, imported: $0.imported) }
    }

    func isBlocked(_ pair: AddressPair) async throws -> Bool {
        blocks.values.contains { AddressPair($0.blocker, $0.blocked) == pair }
    }

    func pairsWithPendingMirrorWrites() async throws -> Set<AddressPair> { pendingMirror }
}
