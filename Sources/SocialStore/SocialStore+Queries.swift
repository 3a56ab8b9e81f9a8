import SocialDomain

/// Reads the RPC service needs (rpc-protocol §4.5–§4.6). Lists exclude pairs with a block either way.
extension SocialStore {
    /// The active friends of `user` with no block either way, newest pair row first.
    /// - Parameters:
    ///   - user: whose friends.
    ///   - limit: page size (callers normalise it; values < 1 give an empty page).
    ///   - offset: rows to skip.
    /// - Returns: the page and the full count.
    /// - Throws: `SocialStoreError` when the database fails.
    public func friends(of user: Address, limit: Int, offset: Int) throws(SocialStoreError) -> Page<FriendEntry> {
        try read { (db) throws(SocialStoreError) in
            let rows = try db.query(
                """
                SELECT CASE WHEN f.address_requester = ?1 THEN f.address_requested ELSE f.address_requester END AS friend,
                       f.id, f.created_at
                FROM friendships f
                WHERE (f.address_requester = ?1 OR f.address_requested = ?1) AND +f.is_active = 1 AND \(Database.noBlockCondition)
                ORDER BY f.created_at DESC, friend ASC LIMIT ?2 OFFSET ?3
                """, [.text(user.rawValue), .integer(Int64(max(limit, 0))), .integer(Int64(max(offset, 0)))]
            ) { (row) throws(SocialStoreError) in
                FriendEntry(address: try row.address(0), friendshipID: try row.text(1), createdAt: try row.int64(2))
            }
            let total = try db.scalarInt(
                """
                SELECT count(*) FROM friendships f
                WHERE (f.address_requester = ?1 OR f.address_requested = ?1) AND +f.is_active = 1 AND \(Database.noBlockCondition)
                """, [.text(user.rawValue)])
            return Page(items: rows, total: Int(total))
        }
    }

    /// Every active, unblocked friend of `user` (connectivity snapshots, presence fan-out), by address.
    /// - Throws: `SocialStoreError` when the database fails.
    public func allFriends(of user: Address) throws(SocialStoreError) -> [Address] {
        try read { (db) throws(SocialStoreError) in
            try db.query(Database.friendsOfSQL(parameter: "?1") + " ORDER BY friend", [.text(user.rawValue)]) { (row) throws(SocialStoreError) in
                try row.address(0)
            }
        }
    }

    /// Which of `candidates` are active, unblocked friends of `user` (GetPrivateMessagesSettings' `is_friend`).
    /// - Throws: `SocialStoreError` when the database fails.
    public func friends(of user: Address, among candidates: [Address]) throws(SocialStoreError) -> Set<Address> {
        guard !candidates.isEmpty else { return [] }
        let wanted = Set(candidates)
        return Set(try allFriends(of: user).filter { wanted.contains($0) })
    }

    /// Friends of both `a` and `b` (active, unblocked on each side), ordered by address.
    /// - Throws: `SocialStoreError` when the database fails.
    public func mutualFriends(of a: Address, and b: Address, limit: Int, offset: Int) throws(SocialStoreError) -> Page<Address> {
        let common = """
            WITH fa AS (\(Database.friendsOfSQL(parameter: "?1"))), fb AS (\(Database.friendsOfSQL(parameter: "?2")))
            SELECT friend FROM fa WHERE friend IN (SELECT friend FROM fb)
            """
        return try read { (db) throws(SocialStoreError) in
            let rows = try db.query(
                common + " ORDER BY friend LIMIT ?3 OFFSET ?4",
                [.text(a.rawValue), .text(b.rawValue), .integer(Int64(max(limit, 0))), .integer(Int64(max(offset, 0)))]
            ) { (row) throws(SocialStoreError) in try row.address(0) }
            let total = try db.scalarInt("SELECT count(*) FROM (\(common))", [.text(a.rawValue), .text(b.rawValue)])
            return Page(items: rows, total: Int(total))
        }
    }

    /// Requests to `user` still pending: the pair's newest action is a request by the other member, the
    /// pair is not active and not blocked. Newest request first.
    /// - Throws: `SocialStoreError` when the database fails.
    public func pendingRequests(to user: Address, limit: Int, offset: Int) throws(SocialStoreError) -> Page<RequestEntry> {
        try requests(user: user, sent: false, limit: limit, offset: offset)
    }

    /// Requests `user` sent that are still pending (same rules, acted by `user`). Newest first.
    /// - Throws: `SocialStoreError` when the database fails.
    public func sentRequests(by user: Address, limit: Int, offset: Int) throws(SocialStoreError) -> Page<RequestEntry> {
        try requests(user: user, sent: true, limit: limit, offset: offset)
    }

    private func requests(user: Address, sent: Bool, limit: Int, offset: Int) throws(SocialStoreError) -> Page<RequestEntry> {
        let from = """
            FROM friendships f
            JOIN friendship_actions a ON a.rowid = (SELECT x.rowid FROM friendship_actions x WHERE x.friendship_id = f.id
                                                    ORDER BY x.timestamp DESC, x.rowid DESC LIMIT 1)
            WHERE (f.address_requester = ?1 OR f.address_requested = ?1) AND +f.is_active = 0
              AND a.action = 'request' AND a.acting_user \(sent ? "=" : "<>") ?1 AND \(Database.noBlockCondition)
            """
        return try read { (db) throws(SocialStoreError) in
            let rows = try db.query(
                """
                SELECT a.id, f.id, CASE WHEN f.address_requester = ?1 THEN f.address_requested ELSE f.address_requester END,
                       a.timestamp, a.metadata
                \(from) ORDER BY a.timestamp DESC, a.rowid DESC LIMIT ?2 OFFSET ?3
                """, [.text(user.rawValue), .integer(Int64(max(limit, 0))), .integer(Int64(max(offset, 0)))]
            ) { (row) throws(SocialStoreError) in
                RequestEntry(actionID: try row.text(0), friendshipID: try row.text(1), other: try row.address(2),
                             createdAt: try row.int64(3), message: row.metadataMessage(4))
            }
            let total = try db.scalarInt("SELECT count(*) \(from)", [.text(user.rawValue)])
            return Page(items: rows, total: Int(total))
        }
    }

    /// The pair's newest action, or the synthetic block when only a blocks row exists; nil for no history.
    /// - Throws: `SocialStoreError` when the database fails.
    public func pairState(_ a: Address, _ b: Address) throws(SocialStoreError) -> PairState? {
        try read { (db) throws(SocialStoreError) in try db.pairState(a, b) }
    }

    /// GetFriendshipStatus: the status `viewer` sees towards `other`.
    /// - Throws: `SocialStoreError` when the database fails.
    public func friendshipStatus(viewer: Address, other: Address) throws(SocialStoreError) -> FriendshipStatus {
        FriendshipStatus.derive(last: try pairState(viewer, other)?.last, viewer: viewer)
    }

    /// Whether a blocks row exists between the two in either direction.
    /// - Throws: `SocialStoreError` when the database fails.
    public func isBlockedEitherWay(_ a: Address, _ b: Address) throws(SocialStoreError) -> Bool {
        try read { (db) throws(SocialStoreError) in try !db.blocksBetween(a, b).isEmpty }
    }

    /// Whether the two are friends: active pair row and no block either way.
    /// - Throws: `SocialStoreError` when the database fails.
    public func areFriends(_ a: Address, _ b: Address) throws(SocialStoreError) -> Bool {
        try read { (db) throws(SocialStoreError) in
            guard let row = try db.friendshipRow(a, b), row.isActive else { return false }
            return try db.blocksBetween(a, b).isEmpty
        }
    }

    /// The pair's `friendships` row, whichever member requested first.
    /// - Throws: `SocialStoreError` when the database fails.
    public func friendship(between a: Address, and b: Address) throws(SocialStoreError) -> FriendshipRecord? {
        try read { (db) throws(SocialStoreError) in try db.friendshipRow(a, b) }
    }

    /// The `friendships` row with this id.
    /// - Throws: `SocialStoreError` when the database fails.
    public func friendship(id: String) throws(SocialStoreError) -> FriendshipRecord? {
        try read { (db) throws(SocialStoreError) in
            try db.queryFirst("SELECT \(Database.friendshipColumns) FROM friendships WHERE id = ?1", [.text(id)], Database.friendship)
        }
    }

    /// Blocks `user` made, newest first then by blocked address (GetBlockedUsers).
    /// - Throws: `SocialStoreError` when the database fails.
    public func blocks(by user: Address, limit: Int, offset: Int) throws(SocialStoreError) -> Page<BlockRecord> {
        try blockPage(column: "blocker_address", order: "blocked_at DESC, blocked_address ASC", user: user, limit: limit, offset: offset)
    }

    /// Blocks against `user`, newest first then by blocker address.
    /// - Throws: `SocialStoreError` when the database fails.
    public func blocks(against user: Address, limit: Int, offset: Int) throws(SocialStoreError) -> Page<BlockRecord> {
        try blockPage(column: "blocked_address", order: "blocked_at DESC, blocker_address ASC", user: user, limit: limit, offset: offset)
    }

    /// GetBlockingStatus: all blocks by `user` and all against `user`, unpaginated.
    /// - Throws: `SocialStoreError` when the database fails.
    public func blockingStatus(of user: Address) throws(SocialStoreError) -> BlockingStatus {
        let by = try blocks(by: user, limit: Int(Int32.max), offset: 0)
        let against = try blocks(against: user, limit: Int(Int32.max), offset: 0)
        return BlockingStatus(blocked: by.items, blockedBy: against.items)
    }

    private func blockPage(column: String, order: String, user: Address, limit: Int, offset: Int) throws(SocialStoreError) -> Page<BlockRecord> {
        try read { (db) throws(SocialStoreError) in
            let rows = try db.query(
                "SELECT id, blocker_address, blocked_address, blocked_at FROM blocks WHERE \(column) = ?1 ORDER BY \(order) LIMIT ?2 OFFSET ?3",
                [.text(user.rawValue), .integer(Int64(max(limit, 0))), .integer(Int64(max(offset, 0)))], Database.block)
            let total = try db.scalarInt("SELECT count(*) FROM blocks WHERE \(column) = ?1", [.text(user.rawValue)])
            return Page(items: rows, total: Int(total))
        }
    }
}

extension Database {
    /// `SELECT friend` rows: active, unblocked friends of the address bound at `parameter`.
    static func friendsOfSQL(parameter: String) -> String {
        """
        SELECT CASE WHEN f.address_requester = \(parameter) THEN f.address_requested ELSE f.address_requester END AS friend
        FROM friendships f
        WHERE (f.address_requester = \(parameter) OR f.address_requested = \(parameter)) AND +f.is_active = 1 AND \(noBlockCondition)
        """
    }
}
