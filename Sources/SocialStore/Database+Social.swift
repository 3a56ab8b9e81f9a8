import SocialDomain

/// The SQL shared by the store's read and write paths (always called under the store's lock).
extension Database {
    static let friendshipColumns = "id, address_requester, address_requested, is_active, created_at, updated_at"

    static func friendship(_ row: Statement) throws(SocialStoreError) -> FriendshipRecord {
        FriendshipRecord(
            id: try row.text(0), requester: try row.address(1), requested: try row.address(2),
            isActive: try row.bool(3), createdAt: try row.int64(4), updatedAt: try row.int64(5))
    }

    static func block(_ row: Statement) throws(SocialStoreError) -> BlockRecord {
        BlockRecord(id: try row.text(0), blocker: try row.address(1), blocked: try row.address(2), blockedAt: try row.int64(3))
    }

    /// The pair's row, whichever member requested first.
    func friendshipRow(_ a: Address, _ b: Address) throws(SocialStoreError) -> FriendshipRecord? {
        try queryFirst(
            """
            SELECT \(Database.friendshipColumns) FROM friendships
            WHERE (address_requester = ?1 AND address_requested = ?2) OR (address_requester = ?2 AND address_requested = ?1)
            """, [.text(a.rawValue), .text(b.rawValue)], Database.friendship)
    }

    /// The newest action of a pair row (by timestamp, then insertion order for equal milliseconds).
    func newestAction(friendshipID: String) throws(SocialStoreError) -> (ActionRecord, imported: Bool)? {
        try queryFirst(
            """
            SELECT a.id, a.friendship_id, a.action, a.acting_user, a.metadata, a.timestamp,
                   EXISTS (SELECT 1 FROM legacy_sources s WHERE s.kind = 'action' AND s.row_id = a.id)
            FROM friendship_actions a WHERE a.friendship_id = ?1
            ORDER BY a.timestamp DESC, a.rowid DESC LIMIT 1
            """, [.text(friendshipID)]
        ) { (row) throws(SocialStoreError) in
            (ActionRecord(
                id: try row.text(0), friendshipID: try row.text(1), action: try row.action(2),
                actingUser: try row.address(3), message: row.metadataMessage(4), timestamp: try row.int64(5)),
             imported: try row.bool(6))
        }
    }

    /// Blocks between the two, either direction, newest first.
    func blocksBetween(_ a: Address, _ b: Address) throws(SocialStoreError) -> [BlockRecord] {
        try query(
            """
            SELECT id, blocker_address, blocked_address, blocked_at FROM blocks
            WHERE (blocker_address = ?1 AND blocked_address = ?2) OR (blocker_address = ?2 AND blocked_address = ?1)
            ORDER BY blocked_at DESC, blocker_address ASC
            """, [.text(a.rawValue), .text(b.rawValue)], Database.block)
    }

    /// The state machine's view of the pair: the newest action, else the synthetic block.
    func pairState(_ a: Address, _ b: Address) throws(SocialStoreError) -> PairState? {
        if let row = try friendshipRow(a, b), let (action, imported) = try newestAction(friendshipID: row.id) {
            return PairState(last: action.lastAction, timestamp: action.timestamp, actionID: action.id, isImported: imported)
        }
        guard let block = try blocksBetween(a, b).first else { return nil }
        return PairState(last: LastAction(.block, by: block.blocker), timestamp: block.blockedAt, actionID: nil, isImported: false)
    }

    /// Inserts an action row.
    func insertAction(_ action: ActionRecord) throws(SocialStoreError) {
        try run(
            """
            INSERT INTO friendship_actions (id, friendship_id, action, acting_user, metadata, timestamp)
            VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 IS NULL THEN NULL ELSE json_object('message', ?5) END, ?6)
            """,
            [.text(action.id), .text(action.friendshipID), .text(action.action.rawValue), .text(action.actingUser.rawValue),
             .optional(action.message), .integer(action.timestamp)])
    }

    // Queries write `+f.is_active`: the unary plus keeps SQLite (which has no statistics) from choosing the
    // low-selectivity is_active index over the per-address indexes, a 20× difference for a user's list.

    /// The SQL condition "no block between the row's two members", for a friendships alias `f`.
    static let noBlockCondition = """
        NOT EXISTS (SELECT 1 FROM blocks b
                    WHERE (b.blocker_address = f.address_requester AND b.blocked_address = f.address_requested)
                       OR (b.blocker_address = f.address_requested AND b.blocked_address = f.address_requester))
        """
}
