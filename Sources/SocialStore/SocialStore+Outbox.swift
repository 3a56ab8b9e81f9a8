import SocialDomain

/// The mirror's durable outbox (legacy-matrix §9): rows are inserted by the RPC write paths inside the
/// action's own transaction (when `Options.recordsMirrorOutbox` is on), delivered in id order per pair,
/// and finished together with the Matrix event ids they produced.
extension SocialStore {
    /// The next deliverable row of each pair: the pair's oldest pending row, if its retry time has come,
    /// in id order.
    /// - Parameters:
    ///   - now: the clock, ms; rows waiting for a later retry are left out.
    ///   - limit: at most this many rows (pairs).
    ///   - excluding: pairs already being delivered by the caller.
    /// - Throws: `SocialStoreError` when the database fails.
    public func deliverableOutbox(now: Int64, limit: Int, excluding: Set<AddressPair> = []) throws(SocialStoreError) -> [OutboxEntry] {
        try read { (db) throws(SocialStoreError) in
            let rows = try db.query(
                """
                SELECT \(Database.outboxColumns) FROM mirror_outbox o
                WHERE o.state = 'pending'
                  AND o.id = (SELECT min(p.id) FROM mirror_outbox p
                              WHERE p.state = 'pending' AND p.pair_lo = o.pair_lo AND p.pair_hi = o.pair_hi)
                  AND o.next_attempt_at <= ?1
                ORDER BY o.id LIMIT ?2
                """, [.integer(now), .integer(Int64(max(0, limit + excluding.count)))], Database.outbox)
            return Array(rows.filter { !excluding.contains($0.pair) }.prefix(limit))
        }
    }

    /// When the earliest pending row becomes deliverable (ms), or nil when nothing is pending.
    /// - Throws: `SocialStoreError` when the database fails.
    public func nextOutboxAttempt() throws(SocialStoreError) -> Int64? {
        try read { (db) throws(SocialStoreError) in
            try db.queryFirst("SELECT min(next_attempt_at) FROM mirror_outbox WHERE state = 'pending'") { (row) throws(SocialStoreError) in
                try row.optionalInt64(0)
            } ?? nil
        }
    }

    /// Rows still pending (the `socialbridge_mirror_outbox_depth` gauge).
    /// - Throws: `SocialStoreError` when the database fails.
    public func outboxDepth() throws(SocialStoreError) -> Int {
        try read { (db) throws(SocialStoreError) in Int(try db.scalarInt("SELECT count(*) FROM mirror_outbox WHERE state = 'pending'")) }
    }

    /// Pairs with at least one pending row (`diff` lists their differences as `mirror_pending`).
    /// - Throws: `SocialStoreError` when the database fails.
    public func pairsWithPendingMirrorWrites() throws(SocialStoreError) -> Set<AddressPair> {
        try read { (db) throws(SocialStoreError) in
            guard try db.hasTable("mirror_outbox") else { return [] }
            let pairs = try db.query("SELECT DISTINCT pair_lo, pair_hi FROM mirror_outbox WHERE state = 'pending'") { (row) throws(SocialStoreError) in
                AddressPair(try row.address(0), try row.address(1))
            }
            return Set(pairs.compactMap { $0 })
        }
    }

    /// Every row of a pair, oldest first (tests, diagnostics).
    /// - Throws: `SocialStoreError` when the database fails.
    public func outbox(of pair: AddressPair) throws(SocialStoreError) -> [OutboxEntry] {
        try read { (db) throws(SocialStoreError) in
            try db.query("SELECT \(Database.outboxColumns) FROM mirror_outbox WHERE pair_lo = ?1 AND pair_hi = ?2 ORDER BY id",
                         [.text(pair.lo.rawValue), .text(pair.hi.rawValue)], Database.outbox)
        }
    }

    /// Records a failed attempt: the row stays pending until `nextAttemptAt`.
    /// - Throws: `SocialStoreError` when the database fails.
    public func recordOutboxRetry(id: Int64, error: String, nextAttemptAt: Int64) throws(SocialStoreError) {
        try transaction(write: true) { (db) throws(SocialStoreError) in
            _ = try db.run("UPDATE mirror_outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
                       [.integer(id), .text(error), .integer(nextAttemptAt)])
        }
    }

    /// Records, before the call is made, that an attempt is about to create the pair's room, so a retry
    /// after a crash or a timeout looks for that room before creating another (§9.2 step 3).
    /// - Throws: `SocialStoreError` when the database fails.
    public func recordOutboxRoomCreation(id: Int64) throws(SocialStoreError) {
        try transaction(write: true) { (db) throws(SocialStoreError) in
            _ = try db.run("UPDATE mirror_outbox SET create_attempted = 1 WHERE id = ?1", [.integer(id)])
        }
    }

    /// Remembers the room an attempt settled on (a later retry starts from it).
    /// - Throws: `SocialStoreError` when the database fails.
    public func recordOutboxRoom(id: Int64, roomID: String) throws(SocialStoreError) {
        try transaction(write: true) { (db) throws(SocialStoreError) in
            _ = try db.run("UPDATE mirror_outbox SET room_id = ?2 WHERE id = ?1", [.integer(id), .text(roomID)])
        }
    }

    /// Finishes a row and records the event ids its writes returned, in one transaction.
    /// - Parameters:
    ///   - id: the row.
    ///   - state: delivered, skipped or failed.
    ///   - roomID: the room written to, if any.
    ///   - eventIDs: event ids returned by the writes (echo detection).
    ///   - error: why it failed or was skipped.
    ///   - now: the time, ms.
    /// - Throws: `SocialStoreError` when the database fails.
    public func finishOutbox(id: Int64, state: OutboxState, roomID: String?, eventIDs: [String], error: String? = nil,
                             now: Int64) throws(SocialStoreError) {
        try transaction(write: true) { (db) throws(SocialStoreError) in
            let actionID = try db.scalarText("SELECT action_id FROM mirror_outbox WHERE id = ?1", [.integer(id)])
            try db.run(
                """
                UPDATE mirror_outbox SET state = ?2, room_id = coalesce(?3, room_id), last_error = ?4, finished_at = ?5,
                       attempts = attempts + 1
                WHERE id = ?1
                """, [.integer(id), .text(state.rawValue), .optional(roomID), .optional(error), .integer(now)])
            for eventID in eventIDs {
                try db.run("INSERT OR IGNORE INTO mirror_events (event_id, outbox_id, action_id) VALUES (?1, ?2, ?3)",
                           [.text(eventID), .integer(id), .optional(actionID)])
            }
        }
    }

    /// Records event ids written for a row before it finishes (a multi-step delivery interrupted midway
    /// must still recognise its first writes as echoes).
    /// - Throws: `SocialStoreError` when the database fails.
    public func recordMirrorEvents(outboxID: Int64, eventIDs: [String]) throws(SocialStoreError) {
        guard !eventIDs.isEmpty else { return }
        try transaction(write: true) { (db) throws(SocialStoreError) in
            let actionID = try db.scalarText("SELECT action_id FROM mirror_outbox WHERE id = ?1", [.integer(outboxID)])
            for eventID in eventIDs {
                try db.run("INSERT OR IGNORE INTO mirror_events (event_id, outbox_id, action_id) VALUES (?1, ?2, ?3)",
                           [.text(eventID), .integer(outboxID), .optional(actionID)])
            }
        }
    }

    /// Whether the mirror wrote this Matrix event (§9.6).
    /// - Throws: `SocialStoreError` when the database fails.
    public func isMirrorEvent(_ eventID: String) throws(SocialStoreError) -> Bool {
        try read { (db) throws(SocialStoreError) in
            try db.scalarInt("SELECT count(*) FROM mirror_events WHERE event_id = ?1", [.text(eventID)]) > 0
        }
    }
}

extension Database {
    static let outboxColumns = """
        id, pair_lo, pair_hi, kind, action_id, actor, target, message, created_at, state, attempts, room_id, create_attempted, last_error
        """

    static func outbox(_ row: Statement) throws(SocialStoreError) -> OutboxEntry {
        guard let pair = AddressPair(try row.address(1), try row.address(2)),
              let kind = OutboxKind(rawValue: try row.text(3)), let state = OutboxState(rawValue: try row.text(9)) else {
            throw SocialStoreError(.invalidStoredValue, "mirror_outbox row \(try row.int64(0)) holds an invalid pair, kind or state")
        }
        return OutboxEntry(
            id: try row.int64(0), pair: pair, kind: kind, actionID: row.optionalText(4), actor: try row.address(5),
            target: try row.address(6), message: row.optionalText(7), createdAt: try row.int64(8), state: state,
            attempts: Int(try row.int64(10)), roomID: row.optionalText(11), createAttempted: try row.bool(12),
            lastError: row.optionalText(13))
    }

    /// Queues one Matrix write for the mirror (inside the caller's transaction).
    func insertOutbox(kind: OutboxKind, actionID: String?, actor: Address, target: Address, message: String?, now: Int64) throws(SocialStoreError) {
        guard let pair = AddressPair(actor, target) else { return }
        try run(
            """
            INSERT INTO mirror_outbox (pair_lo, pair_hi, kind, action_id, actor, target, message, created_at, next_attempt_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)
            """,
            [.text(pair.lo.rawValue), .text(pair.hi.rawValue), .text(kind.rawValue), .optional(actionID), .text(actor.rawValue),
             .text(target.rawValue), .optional(message), .integer(now)])
    }

    /// Whether a table exists (read-only opens of stores written before a schema migration).
    func hasTable(_ name: String) throws(SocialStoreError) -> Bool {
        try scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [.text(name)]) > 0
    }
}
