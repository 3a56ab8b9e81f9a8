import Foundation
import SocialDomain

/// The migration's batch write path and the reads it makes to decide what to write.
extension SocialStore {
    /// Applies a batch in one immediate transaction (all or nothing).
    /// - Parameters:
    ///   - batch: the rows to write.
    ///   - dryRun: when true, everything is written and counted, then rolled back (`--dry-run` reports).
    /// - Returns: what changed (or would have); all zeros when the batch was already applied.
    /// - Throws: `SocialStoreError` when the database fails (nothing of the batch is kept then).
    public func apply(_ batch: ImportBatch, dryRun: Bool = false) throws(SocialStoreError) -> ImportResult {
        try transaction(write: true, rollback: dryRun) { (db) throws(SocialStoreError) -> ImportResult in
            var result = ImportResult()
            for expectation in batch.expectations {
                let newest = try db.friendshipRow(expectation.pair.lo, expectation.pair.hi)
                    .flatMap { row throws(SocialStoreError) in try db.newestAction(friendshipID: row.id)?.0.id }
                let blocked = try !db.blocksBetween(expectation.pair.lo, expectation.pair.hi).isEmpty
                guard newest == expectation.newestActionID, blocked == expectation.blocked else {
                    throw SocialStoreError(.staleBatch, "pair \(expectation.pair) changed while the batch was planned")
                }
            }
            for row in batch.friendships {
                if let existing = try db.friendshipRow(row.requester, row.requested) {
                    if existing.id != row.id { result.friendshipIDRemaps[row.id] = existing.id }
                    let origin = batch.keepsExistingRowOrigin
                        ? (existing.requester, existing.requested, existing.createdAt) : (row.requester, row.requested, row.createdAt)
                    result.friendshipsUpdated += try db.run(
                        """
                        UPDATE friendships SET is_active = ?2, updated_at = ?3, address_requester = ?4, address_requested = ?5, created_at = ?6
                        WHERE id = ?1 AND (is_active <> ?2 OR updated_at <> ?3 OR address_requester <> ?4 OR address_requested <> ?5 OR created_at <> ?6)
                        """,
                        [.text(existing.id), .bool(row.isActive), .integer(row.updatedAt), .text(origin.0.rawValue),
                         .text(origin.1.rawValue), .integer(origin.2)])
                } else {
                    try db.insertFriendship(row)
                    result.friendshipsInserted += 1
                }
            }
            for var action in batch.actions {
                if let remapped = result.friendshipIDRemaps[action.friendshipID] { action.friendshipID = remapped }
                guard try db.scalarInt("SELECT count(*) FROM friendship_actions WHERE id = ?1", [.text(action.id)]) == 0 else { continue }
                try db.insertAction(action)
                result.actionsInserted += 1
            }
            for block in batch.blocks {
                result.blocksInserted += try db.run(
                    """
                    INSERT INTO blocks (id, blocker_address, blocked_address, blocked_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (blocker_address, blocked_address) DO NOTHING
                    """, [.text(block.id), .text(block.blocker.rawValue), .text(block.blocked.rawValue), .integer(block.blockedAt)])
            }
            for source in batch.legacySources {
                result.legacySourcesChanged += try db.run(
                    """
                    INSERT INTO legacy_sources (kind, row_id, room_id, event_id, run_id, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    ON CONFLICT (kind, row_id) DO UPDATE SET room_id = excluded.room_id, event_id = excluded.event_id
                    WHERE room_id IS NOT excluded.room_id OR event_id IS NOT excluded.event_id
                    """,
                    [.text(source.kind.rawValue), .text(source.rowID), .optional(source.roomID), .optional(source.eventID),
                     .optional(source.runID), .integer(batch.now)])
            }
            for conflict in batch.conflicts {
                result.conflictsInserted += try db.run(
                    """
                    INSERT OR IGNORE INTO conflicts (run_id, rule, pair_lo, pair_hi, room_id, event_ids, detail, created_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    """,
                    [.text(conflict.runID), .text(conflict.rule), .optional(conflict.pair?.lo.rawValue), .optional(conflict.pair?.hi.rawValue),
                     .optional(conflict.roomID), .text(JSONText.array(conflict.eventIDs)), .text(conflict.detail), .integer(batch.now)])
            }
            for room in batch.rooms {
                try db.run(
                    """
                    INSERT INTO legacy_rooms (room_id, pair_lo, pair_hi, replaced_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                    ON CONFLICT (room_id) DO UPDATE SET pair_lo = excluded.pair_lo, pair_hi = excluded.pair_hi,
                        replaced_by = coalesce(excluded.replaced_by, replaced_by), updated_at = excluded.updated_at
                    WHERE pair_lo IS NOT excluded.pair_lo OR pair_hi IS NOT excluded.pair_hi
                       OR (excluded.replaced_by IS NOT NULL AND replaced_by IS NOT excluded.replaced_by)
                    """,
                    [.text(room.roomID), .optional(room.pair?.lo.rawValue), .optional(room.pair?.hi.rawValue),
                     .optional(room.replacedBy), .integer(batch.now)])
            }
            for event in batch.syncEvents {
                try db.run(
                    "INSERT OR IGNORE INTO sync_events (event_id, room_id, outcome, processed_at) VALUES (?1, ?2, ?3, ?4)",
                    [.text(event.eventID), .optional(event.roomID), .text(event.outcome), .integer(batch.now)])
            }
            if let txn = batch.appServiceTransaction {
                try db.run(
                    """
                    INSERT OR IGNORE INTO appservice_transactions (txn_id, body_digest, events, received_at) VALUES (?1, ?2, ?3, ?4)
                    """, [.text(txn.transactionID), .text(txn.bodyDigest), .integer(Int64(txn.eventCount)), .integer(batch.now)])
            }
            for (key, value) in batch.checkpoints.sorted(by: { $0.key < $1.key }) {
                result.checkpointsChanged += try db.run(
                    """
                    INSERT INTO sync_checkpoints (key, value, updated_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    WHERE value IS NOT excluded.value
                    """, [.text(key), .text(value), .integer(batch.now)])
            }
            return result
        }
    }

    /// The pair's newest action row (not the synthetic block) and whether it was imported from Matrix.
    /// - Throws: `SocialStoreError` when the database fails.
    public func newestAction(of pair: AddressPair) throws(SocialStoreError) -> (action: ActionRecord, isImported: Bool)? {
        try read { (db) throws(SocialStoreError) in
            guard let row = try db.friendshipRow(pair.lo, pair.hi), let (action, imported) = try db.newestAction(friendshipID: row.id) else {
                return nil
            }
            return (action, imported)
        }
    }

    /// Whether an action row with this id exists.
    /// - Throws: `SocialStoreError` when the database fails.
    public func actionExists(id: String) throws(SocialStoreError) -> Bool {
        try read { (db) throws(SocialStoreError) in
            try db.scalarInt("SELECT count(*) FROM friendship_actions WHERE id = ?1", [.text(id)]) > 0
        }
    }

    /// The action row with this id.
    /// - Throws: `SocialStoreError` when the database fails.
    public func action(id: String) throws(SocialStoreError) -> ActionRecord? {
        try read { (db) throws(SocialStoreError) in
            try db.queryFirst(
                """
                SELECT id, friendship_id, action, acting_user, metadata, timestamp
                FROM friendship_actions WHERE id = ?1
                """, [.text(id)], Database.action)
        }
    }

    /// Every action of a pair row, oldest first.
    /// - Throws: `SocialStoreError` when the database fails.
    public func actions(friendshipID: String) throws(SocialStoreError) -> [ActionRecord] {
        try read { (db) throws(SocialStoreError) in
            try db.query(
                """
                SELECT id, friendship_id, action, acting_user, metadata, timestamp
                FROM friendship_actions WHERE friendship_id = ?1 ORDER BY timestamp, rowid
                """, [.text(friendshipID)], Database.action)
        }
    }

    /// The (blocker → blocked) blocks row, if present.
    /// - Throws: `SocialStoreError` when the database fails.
    public func block(blocker: Address, blocked: Address) throws(SocialStoreError) -> BlockRecord? {
        try read { (db) throws(SocialStoreError) in try db.blockRow(blocker: blocker, blocked: blocked) }
    }

    /// The provenance record of a row, if it was imported.
    /// - Throws: `SocialStoreError` when the database fails.
    public func legacySource(kind: LegacySource.Kind, rowID: String) throws(SocialStoreError) -> LegacySource? {
        try read { (db) throws(SocialStoreError) in
            try db.queryFirst(
                "SELECT room_id, event_id, run_id FROM legacy_sources WHERE kind = ?1 AND row_id = ?2",
                [.text(kind.rawValue), .text(rowID)]
            ) { row in
                LegacySource(kind: kind, rowID: rowID, roomID: row.optionalText(0), eventID: row.optionalText(1), runID: row.optionalText(2))
            }
        }
    }

    /// Whether a block with this id was ever imported (true even after an unblock removed the row).
    /// - Throws: `SocialStoreError` when the database fails.
    public func wasBlockImported(id: String) throws(SocialStoreError) -> Bool {
        try legacySource(kind: .block, rowID: id) != nil
    }

    /// A checkpoint's value.
    /// - Throws: `SocialStoreError` when the database fails.
    public func checkpoint(_ key: String) throws(SocialStoreError) -> String? {
        try read { (db) throws(SocialStoreError) in
            try db.scalarText("SELECT value FROM sync_checkpoints WHERE key = ?1", [.text(key)])
        }
    }

    /// Every checkpoint (key → value).
    /// - Throws: `SocialStoreError` when the database fails.
    public func checkpoints() throws(SocialStoreError) -> [String: String] {
        try read { (db) throws(SocialStoreError) in
            let pairs = try db.query("SELECT key, value FROM sync_checkpoints") { (row) throws(SocialStoreError) in
                (try row.text(0), try row.text(1))
            }
            return Dictionary(pairs, uniquingKeysWith: { _, last in last })
        }
    }

    /// Journaled findings, oldest first; only those of `runID` when given.
    /// - Throws: `SocialStoreError` when the database fails.
    public func conflicts(runID: String? = nil) throws(SocialStoreError) -> [ConflictRecord] {
        try read { (db) throws(SocialStoreError) in
            try db.query(
                """
                SELECT id, run_id, rule, pair_lo, pair_hi, room_id, event_ids, detail, created_at FROM conflicts
                WHERE ?1 IS NULL OR run_id = ?1 ORDER BY id
                """, [.optional(runID)]
            ) { (row) throws(SocialStoreError) in
                var pair: AddressPair?
                if let lo = row.optionalText(3).flatMap({ Address($0) }), let hi = row.optionalText(4).flatMap({ Address($0) }) {
                    pair = AddressPair(lo, hi)
                }
                let events = (try? JSONDecoder().decode([String].self, from: Data(try row.text(6).utf8))) ?? []
                return ConflictRecord(
                    id: try row.int64(0), runID: try row.text(1), rule: try row.text(2), pair: pair, roomID: row.optionalText(5),
                    eventIDs: events, detail: try row.text(7), createdAt: try row.int64(8))
            }
        }
    }
}

extension Database {
    static func action(_ row: Statement) throws(SocialStoreError) -> ActionRecord {
        ActionRecord(id: try row.text(0), friendshipID: try row.text(1), action: try row.action(2),
                     actingUser: try row.address(3), message: row.metadataMessage(4), timestamp: try row.int64(5))
    }
}
