import SocialDomain

/// Reads of the transition daemon's bookkeeping (rooms, appservice transactions, processed events).
/// Writes travel in `ImportBatch`es, with the rows they explain.
extension SocialStore {
    /// The rooms known to name `pair`, by room id.
    /// - Throws: `SocialStoreError` when the database fails.
    public func legacyRooms(of pair: AddressPair) throws(SocialStoreError) -> [LegacyRoomRecord] {
        try read { (db) throws(SocialStoreError) in
            try db.query(
                "SELECT room_id, pair_lo, pair_hi, replaced_by FROM legacy_rooms WHERE pair_lo = ?1 AND pair_hi = ?2 ORDER BY room_id",
                [.text(pair.lo.rawValue), .text(pair.hi.rawValue)], Database.legacyRoom)
        }
    }

    /// The record of one room, if the bridge has derived it.
    /// - Throws: `SocialStoreError` when the database fails.
    public func legacyRoom(_ roomID: String) throws(SocialStoreError) -> LegacyRoomRecord? {
        try read { (db) throws(SocialStoreError) in
            try db.queryFirst("SELECT room_id, pair_lo, pair_hi, replaced_by FROM legacy_rooms WHERE room_id = ?1",
                              [.text(roomID)], Database.legacyRoom)
        }
    }

    /// Every known room id, in byte order.
    /// - Throws: `SocialStoreError` when the database fails.
    public func legacyRoomIDs() throws(SocialStoreError) -> [String] {
        try read { (db) throws(SocialStoreError) in
            try db.query("SELECT room_id FROM legacy_rooms ORDER BY room_id") { (row) throws(SocialStoreError) in try row.text(0) }
        }
    }

    /// Whether this exact transaction (id and body) was already committed.
    /// - Throws: `SocialStoreError` when the database fails.
    public func hasAppServiceTransaction(id: String, bodyDigest: String) throws(SocialStoreError) -> Bool {
        try read { (db) throws(SocialStoreError) in
            try db.scalarInt("SELECT count(*) FROM appservice_transactions WHERE txn_id = ?1 AND body_digest = ?2",
                             [.text(id), .text(bodyDigest)]) > 0
        }
    }

    /// Which of `eventIDs` sync has already taken into account.
    /// - Throws: `SocialStoreError` when the database fails.
    public func processedSyncEvents(among eventIDs: [String]) throws(SocialStoreError) -> Set<String> {
        guard !eventIDs.isEmpty else { return [] }
        return try read { (db) throws(SocialStoreError) in
            var seen = Set<String>()
            for eventID in eventIDs where try db.scalarInt("SELECT count(*) FROM sync_events WHERE event_id = ?1", [.text(eventID)]) > 0 {
                seen.insert(eventID)
            }
            return seen
        }
    }

    /// The room a pair's friendship row was imported from (the winning room of the last import), if any.
    /// - Throws: `SocialStoreError` when the database fails.
    public func winningRoom(of pair: AddressPair) throws(SocialStoreError) -> String? {
        try read { (db) throws(SocialStoreError) in
            guard let row = try db.friendshipRow(pair.lo, pair.hi) else { return nil }
            return try db.scalarText("SELECT room_id FROM legacy_sources WHERE kind = 'friendship' AND row_id = ?1", [.text(row.id)])
        }
    }
}

extension Database {
    static func legacyRoom(_ row: Statement) throws(SocialStoreError) -> LegacyRoomRecord {
        var pair: AddressPair?
        if !row.isNull(1), !row.isNull(2) { pair = AddressPair(try row.address(1), try row.address(2)) }
        return LegacyRoomRecord(roomID: try row.text(0), pair: pair, replacedBy: row.optionalText(3))
    }
}
