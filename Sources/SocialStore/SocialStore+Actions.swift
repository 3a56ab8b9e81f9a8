import SocialDomain

/// Write paths of the single RPC actions (rpc-protocol §4.3 step 5–7, §4.4): one immediate transaction
/// each, validating against the state read inside it.
extension SocialStore {
    /// Records an UpsertFriendship action (`request`, `accept`, `reject`, `cancel`, `delete`).
    ///
    /// Checks, in the reference's order: request to self, a block either way, the state machine. When
    /// allowed, creates the pair row (requester = actor, inactive) if there is none, else sets `is_active`
    /// (true only for accept) and `updated_at`; then appends the action with a new random id and, for a
    /// request with a non-empty message, `{"message": …}` metadata.
    /// - Parameters:
    ///   - actor: the caller.
    ///   - target: the other member.
    ///   - action: the new action; `block` is refused (BlockUser goes through `block(blocker:blocked:now:)`).
    ///   - message: the request message (ignored for other actions; empty means none).
    ///   - now: the action's time, ms. When an earlier action of the pair is stamped later than `now`
    ///     (clock skew, imported data), the new action takes that stamp so it stays the newest.
    /// - Returns: what was written, or the refusal (nothing written).
    /// - Throws: `SocialStoreError` when the database fails.
    public func upsertFriendship(
        actor: Address, target: Address, action: FriendshipAction, message: String?, now: Int64
    ) throws(SocialStoreError) -> UpsertOutcome {
        if actor == target { return .refused(action == .request ? .requestToSelf : .invalidTransition) }
        if action == .block { return .refused(.invalidTransition) }
        let outcome = try transaction(write: true) { (db) throws(SocialStoreError) -> UpsertOutcome in
            let blocked = try !db.blocksBetween(actor, target).isEmpty
            let state = try db.pairState(actor, target)
            if let refusal = FriendshipStateMachine.refusal(
                of: action, by: actor, towards: target, last: state?.last, blockedEitherWay: blocked) {
                return .refused(refusal)
            }
            let timestamp = max(now, state?.timestamp ?? now)
            let isActive = FriendshipStateMachine.isActive(after: action)
            let existing = try db.friendshipRow(actor, target)
            let row: FriendshipRecord
            if var current = existing {
                current.isActive = isActive
                current.updatedAt = timestamp
                try db.run("UPDATE friendships SET is_active = ?2, updated_at = ?3 WHERE id = ?1",
                           [.text(current.id), .bool(isActive), .integer(timestamp)])
                row = current
            } else {
                row = FriendshipRecord(id: SocialStore.newID(), requester: actor, requested: target,
                                       isActive: isActive, createdAt: timestamp, updatedAt: timestamp)
                try db.insertFriendship(row)
            }
            let record = ActionRecord(
                id: SocialStore.newID(), friendshipID: row.id, action: action, actingUser: actor,
                message: action == .request ? message : nil, timestamp: timestamp)
            try db.insertAction(record)
            if recordsMirrorOutbox {
                try db.insertOutbox(kind: OutboxKind(action), actionID: record.id, actor: actor, target: target,
                                    message: record.message, now: timestamp)
            }
            return .applied(AppliedUpsert(
                friendshipID: row.id, friendshipCreatedAt: row.createdAt, actionID: record.id, timestamp: timestamp,
                isActive: isActive, createdFriendship: existing == nil))
        }
        if recordsMirrorOutbox, case .applied = outcome { notifyOutboxCommit() }
        return outcome
    }

    /// Records a BlockUser: upserts the block (re-blocking keeps the first id and `blocked_at`); when the
    /// pair has a friendship row, sets it inactive and appends a `block` action by the blocker.
    /// - Parameters:
    ///   - blocker: the caller.
    ///   - blocked: the target.
    ///   - now: the block's time, ms.
    /// - Returns: the block row and what else was written.
    /// - Throws: `.invalidArgument` for a block of oneself; `SocialStoreError` when the database fails.
    public func block(blocker: Address, blocked: Address, now: Int64) throws(SocialStoreError) -> BlockOutcome {
        guard blocker != blocked else { throw SocialStoreError(.invalidArgument, "cannot block oneself") }
        let outcome = try transaction(write: true) { (db) throws(SocialStoreError) -> BlockOutcome in
            let created = try db.run(
                """
                INSERT INTO blocks (id, blocker_address, blocked_address, blocked_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (blocker_address, blocked_address) DO NOTHING
                """, [.text(SocialStore.newID()), .text(blocker.rawValue), .text(blocked.rawValue), .integer(now)]) > 0
            guard let block = try db.blockRow(blocker: blocker, blocked: blocked) else {
                throw SocialStoreError(.sqlite, "block row vanished inside its transaction")
            }
            guard let row = try db.friendshipRow(blocker, blocked) else {
                if recordsMirrorOutbox && created {
                    try db.insertOutbox(kind: .block, actionID: nil, actor: blocker, target: blocked, message: nil, now: now)
                }
                return BlockOutcome(block: block, created: created, friendshipExisted: false, actionID: nil)
            }
            let newest = try db.newestAction(friendshipID: row.id)?.0.timestamp ?? now
            let timestamp = max(now, newest)
            try db.run("UPDATE friendships SET is_active = 0, updated_at = ?2 WHERE id = ?1", [.text(row.id), .integer(timestamp)])
            let action = ActionRecord(id: SocialStore.newID(), friendshipID: row.id, action: .block, actingUser: blocker,
                                      message: nil, timestamp: timestamp)
            try db.insertAction(action)
            if recordsMirrorOutbox {
                try db.insertOutbox(kind: .block, actionID: action.id, actor: blocker, target: blocked, message: nil, now: timestamp)
            }
            return BlockOutcome(block: block, created: created, friendshipExisted: true, actionID: action.id)
        }
        if recordsMirrorOutbox { notifyOutboxCommit() }
        return outcome
    }

    /// Records an UnblockUser: deletes only the caller's own block row; appends a `delete` action by the
    /// caller (leaving `is_active` alone) only when a block row was removed and a friendship row exists
    /// (the reference appends it even without a block; rpc-protocol §4.4 asks us not to).
    /// - Parameters:
    ///   - blocker: the caller.
    ///   - blocked: the target.
    ///   - now: the time of the delete action, ms.
    /// - Returns: what was removed and written.
    /// - Throws: `.invalidArgument` for oneself; `SocialStoreError` when the database fails.
    public func unblock(blocker: Address, blocked: Address, now: Int64) throws(SocialStoreError) -> UnblockOutcome {
        guard blocker != blocked else { throw SocialStoreError(.invalidArgument, "cannot unblock oneself") }
        let outcome = try transaction(write: true) { (db) throws(SocialStoreError) -> UnblockOutcome in
            let removed = try db.run("DELETE FROM blocks WHERE blocker_address = ?1 AND blocked_address = ?2",
                                     [.text(blocker.rawValue), .text(blocked.rawValue)]) > 0
            guard let row = try db.friendshipRow(blocker, blocked) else {
                if recordsMirrorOutbox && removed {
                    try db.insertOutbox(kind: .unblock, actionID: nil, actor: blocker, target: blocked, message: nil, now: now)
                }
                return UnblockOutcome(removedBlock: removed, friendshipExisted: false, actionID: nil)
            }
            guard removed else { return UnblockOutcome(removedBlock: false, friendshipExisted: true, actionID: nil) }
            let newest = try db.newestAction(friendshipID: row.id)?.0.timestamp ?? now
            let timestamp = max(now, newest)
            let action = ActionRecord(id: SocialStore.newID(), friendshipID: row.id, action: .delete, actingUser: blocker,
                                      message: nil, timestamp: timestamp)
            try db.insertAction(action)
            if recordsMirrorOutbox {
                try db.insertOutbox(kind: .unblock, actionID: action.id, actor: blocker, target: blocked, message: nil, now: timestamp)
            }
            return UnblockOutcome(removedBlock: true, friendshipExisted: true, actionID: action.id)
        }
        if recordsMirrorOutbox && outcome.removedBlock { notifyOutboxCommit() }
        return outcome
    }
}

extension Database {
    func insertFriendship(_ row: FriendshipRecord) throws(SocialStoreError) {
        try run(
            """
            INSERT INTO friendships (id, address_requester, address_requested, is_active, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """,
            [.text(row.id), .text(row.requester.rawValue), .text(row.requested.rawValue), .bool(row.isActive),
             .integer(row.createdAt), .integer(row.updatedAt)])
    }

    func blockRow(blocker: Address, blocked: Address) throws(SocialStoreError) -> BlockRecord? {
        try queryFirst(
            "SELECT id, blocker_address, blocked_address, blocked_at FROM blocks WHERE blocker_address = ?1 AND blocked_address = ?2",
            [.text(blocker.rawValue), .text(blocked.rawValue)], Database.block)
    }
}
