import SocialDomain

/// The current state of every pair and every block: what `social-bridge export` prints.
public struct StoreSnapshot: Sendable, Equatable {
    /// One pair's row and newest action.
    public struct Pair: Sendable, Equatable {
        /// The two members, ascending.
        public var users: AddressPair
        /// The row's `address_requester`.
        public var requester: Address
        /// The newest action (nil only for a row without actions, which no writer produces).
        public var status: FriendshipAction?
        /// Who did the newest action.
        public var actingUser: Address?
        /// The row's `is_active`.
        public var active: Bool
        /// The newest action's message (only requests carry one).
        public var message: String?
        /// The newest action's timestamp, ms (the row's `updated_at` when it has no action).
        public var updatedAt: Int64
        /// The newest action's id (not part of the export JSON; `diff` shows it).
        public var actionID: String?

        /// A pair value.
        public init(users: AddressPair, requester: Address, status: FriendshipAction?, actingUser: Address?,
                    active: Bool, message: String?, updatedAt: Int64, actionID: String? = nil) {
            self.users = users
            self.requester = requester
            self.status = status
            self.actingUser = actingUser
            self.active = active
            self.message = message
            self.updatedAt = updatedAt
            self.actionID = actionID
        }
    }

    /// Pairs sorted by `users`.
    public var friendships: [Pair]
    /// Blocks sorted by blocker, then blocked.
    public var blocks: [BlockRecord]

    /// A snapshot value.
    public init(friendships: [Pair], blocks: [BlockRecord]) {
        self.friendships = friendships
        self.blocks = blocks
    }

    /// The export JSON: fixed key order, one record per line, trailing newline.
    ///
    /// `{"friendships":[{"users":[lo,hi],"requester","status","acting_user","active","message","updated_at"}…],
    ///   "blocks":[{"blocker","blocked","blocked_at"}…]}`
    public func json() -> String {
        let pairs = friendships.map { pair in
            "{\"users\":[\(JSONText.string(pair.users.lo.rawValue)),\(JSONText.string(pair.users.hi.rawValue))]"
                + ",\"requester\":\(JSONText.string(pair.requester.rawValue))"
                + ",\"status\":\(JSONText.optionalString(pair.status?.rawValue))"
                + ",\"acting_user\":\(JSONText.optionalString(pair.actingUser?.rawValue))"
                + ",\"active\":\(pair.active)"
                + ",\"message\":\(JSONText.optionalString(pair.message))"
                + ",\"updated_at\":\(pair.updatedAt)}"
        }
        let blocks = blocks.map { block in
            "{\"blocker\":\(JSONText.string(block.blocker.rawValue)),\"blocked\":\(JSONText.string(block.blocked.rawValue))"
                + ",\"blocked_at\":\(block.blockedAt)}"
        }
        return "{\n  \"friendships\": " + list(pairs) + ",\n  \"blocks\": " + list(blocks) + "\n}\n"
    }

    private func list(_ items: [String]) -> String {
        items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }
}

extension SocialStore {
    /// Every pair with its newest action and every block, in export order, read in one transaction.
    /// - Throws: `SocialStoreError` when the database fails or holds a row that breaks the schema's promises.
    public func snapshot() throws(SocialStoreError) -> StoreSnapshot {
        try read { (db) throws(SocialStoreError) in
            let pairs = try db.query(Database.snapshotPairSelect, [], Database.snapshotPair)
            let blocks = try db.query(
                "SELECT id, blocker_address, blocked_address, blocked_at FROM blocks ORDER BY blocker_address, blocked_address",
                [], Database.block)
            return StoreSnapshot(friendships: pairs.sorted { $0.users < $1.users }, blocks: blocks)
        }
    }

    /// One page of the snapshot's pairs: up to `limit` pairs strictly after `after`, in `users` order, each
    /// exactly as `snapshot()` shows it (plus the newest action's id). One read transaction per page, so a
    /// reader can walk a store of any size in bounded memory (`diff` does, in the legacy derivation's order).
    /// - Throws: `SocialStoreError` when the database fails or holds a row that breaks the schema's promises.
    public func snapshotPairs(after: AddressPair?, limit: Int) throws(SocialStoreError) -> [StoreSnapshot.Pair] {
        try read { (db) throws(SocialStoreError) in
            try db.query(
                Database.snapshotPairPageSQL,
                [.text(after?.lo.rawValue ?? ""), .text(after?.hi.rawValue ?? ""), .integer(Int64(max(limit, 0)))],
                Database.snapshotPair)
        }
    }

    /// One page of the snapshot's blocks: up to `limit` blocks strictly after (`blocker`, `blocked`), in
    /// blocker then blocked order (one read transaction per page).
    /// - Throws: `SocialStoreError` when the database fails.
    public func snapshotBlocks(after: (blocker: Address, blocked: Address)?, limit: Int) throws(SocialStoreError) -> [BlockRecord] {
        try read { (db) throws(SocialStoreError) in
            try db.query(
                """
                SELECT id, blocker_address, blocked_address, blocked_at FROM blocks
                WHERE (blocker_address, blocked_address) > (?1, ?2)
                ORDER BY blocker_address, blocked_address LIMIT ?3
                """,
                [.text(after?.blocker.rawValue ?? ""), .text(after?.blocked.rawValue ?? ""), .integer(Int64(max(limit, 0)))],
                Database.block)
        }
    }
}

extension Database {
    /// The export's view of each pair: the row, and its newest action (by timestamp, then insertion order).
    static let snapshotPairSelect = """
        SELECT f.address_requester, f.address_requested, f.is_active, f.updated_at,
               a.action, a.acting_user, a.metadata, a.timestamp, a.id
        FROM friendships f
        LEFT JOIN friendship_actions a ON a.rowid = (SELECT x.rowid FROM friendship_actions x WHERE x.friendship_id = f.id
                                                     ORDER BY x.timestamp DESC, x.rowid DESC LIMIT 1)
        """

    /// One page of `snapshotPairSelect` after (?1, ?2), ?3 rows.
    ///
    /// The condition and the ORDER BY use the expressions of the friendships_unordered_pair index; the
    /// `lo >= ?1` term lets SQLite seek to the page's start (with a row-value comparison on expressions it
    /// scans the index from the beginning on every page). BINARY collation is byte order, which is
    /// AddressPair's order for lowercase addresses.
    static let snapshotPairPageSQL = snapshotPairSelect + """

        WHERE min(f.address_requester, f.address_requested) >= ?1
          AND (min(f.address_requester, f.address_requested) > ?1 OR max(f.address_requester, f.address_requested) > ?2)
        ORDER BY min(f.address_requester, f.address_requested), max(f.address_requester, f.address_requested)
        LIMIT ?3
        """

    /// A row of `snapshotPairSelect`.
    static func snapshotPair(_ row: Statement) throws(SocialStoreError) -> StoreSnapshot.Pair {
        let requester = try row.address(0), requested = try row.address(1)
        guard let users = AddressPair(requester, requested) else {
            throw SocialStoreError(.invalidStoredValue, "a friendships row pairs \(requester) with itself")
        }
        let status = row.isNull(4) ? nil : try row.action(4)
        let actingUser = status == nil ? nil : try row.address(5)
        let updatedAt = row.isNull(7) ? try row.int64(3) : try row.int64(7)
        return StoreSnapshot.Pair(
            users: users, requester: requester, status: status,
            actingUser: actingUser, active: try row.bool(2),
            message: status == .request ? row.metadataMessage(6) : nil,
            updatedAt: updatedAt, actionID: status == nil ? nil : try row.text(8))
    }
}
