import Foundation
import SocialDomain

/// The reads `diff` makes beside the snapshot pages: the journal of one pair and the oldest action of one
/// pair (both asked only for pairs whose two sides differ).
extension SocialStore {
    /// Journaled findings about `pair` under one of `rules`, oldest first.
    /// - Throws: `SocialStoreError` when the database fails.
    public func conflicts(of pair: AddressPair, rules: [String]) throws(SocialStoreError) -> [ConflictRecord] {
        guard !rules.isEmpty else { return [] }
        let placeholders = (0..<rules.count).map { "?\($0 + 3)" }.joined(separator: ", ")
        return try read { (db) throws(SocialStoreError) in
            // (rule, pair_lo, pair_hi) is the prefix of the conflicts_finding index.
            try db.query(
                """
                SELECT id, run_id, rule, room_id, event_ids, detail, created_at FROM conflicts
                WHERE rule IN (\(placeholders)) AND ifnull(pair_lo, '') = ?1 AND ifnull(pair_hi, '') = ?2 ORDER BY id
                """, [.text(pair.lo.rawValue), .text(pair.hi.rawValue)] + rules.map { .text($0) }
            ) { (row) throws(SocialStoreError) in
                let events = (try? JSONDecoder().decode([String].self, from: Data(try row.text(4).utf8))) ?? []
                return ConflictRecord(
                    id: try row.int64(0), runID: try row.text(1), rule: try row.text(2), pair: pair, roomID: row.optionalText(3),
                    eventIDs: events, detail: try row.text(5), createdAt: try row.int64(6))
            }
        }
    }

    /// The pair's oldest action row (by timestamp, then insertion order) and whether it was imported.
    /// - Throws: `SocialStoreError` when the database fails.
    public func oldestAction(of pair: AddressPair) throws(SocialStoreError) -> (action: ActionRecord, isImported: Bool)? {
        try read { (db) throws(SocialStoreError) in
            guard let row = try db.friendshipRow(pair.lo, pair.hi) else { return nil }
            return try db.queryFirst(
                """
                SELECT a.id, a.friendship_id, a.action, a.acting_user, a.metadata, a.timestamp,
                       EXISTS (SELECT 1 FROM legacy_sources s WHERE s.kind = 'action' AND s.row_id = a.id)
                FROM friendship_actions a WHERE a.friendship_id = ?1
                ORDER BY a.timestamp ASC, a.rowid ASC LIMIT 1
                """, [.text(row.id)]
            ) { (row) throws(SocialStoreError) in (try Database.action(row), try row.bool(6)) }
        }
    }
}
