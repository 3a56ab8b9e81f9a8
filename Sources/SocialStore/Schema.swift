/// The store's schema history. Append new migrations; never edit a shipped one.
enum Schema {
    static let migrations: [SchemaMigration] = [
        SchemaMigration(identifier: "0001-friendships-actions-blocks", sql: v1Social),
        SchemaMigration(identifier: "0002-bridge-bookkeeping", sql: v2Bookkeeping),
        SchemaMigration(identifier: "0003-transition-sync-mirror", sql: v3Transition),
    ]

    /// Production tables (rpc-protocol §5) in SQLite form: UUID text ids, millisecond integers, 0/1 booleans.
    static let v1Social = """
        CREATE TABLE friendships (
            id TEXT PRIMARY KEY NOT NULL,
            address_requester TEXT NOT NULL,
            address_requested TEXT NOT NULL,
            is_active INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            CONSTRAINT unique_addresses UNIQUE (address_requester, address_requested)
        ) STRICT;
        CREATE INDEX friendships_address_requester ON friendships (address_requester);
        CREATE INDEX friendships_address_requested ON friendships (address_requested);
        CREATE INDEX friendships_is_active ON friendships (is_active);
        -- Production finds a pair's row by looking up both orders; this makes "one row per unordered pair" a rule.
        CREATE UNIQUE INDEX friendships_unordered_pair
            ON friendships (min(address_requester, address_requested), max(address_requester, address_requested));

        CREATE TABLE friendship_actions (
            id TEXT PRIMARY KEY NOT NULL,
            friendship_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('request', 'cancel', 'accept', 'reject', 'delete', 'block')),
            acting_user TEXT NOT NULL,
            metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
            timestamp INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX friendship_actions_friendship_id ON friendship_actions (friendship_id);
        CREATE INDEX friendship_actions_friendship_id_timestamp ON friendship_actions (friendship_id, timestamp DESC);
        CREATE INDEX friendship_actions_timestamp ON friendship_actions (timestamp DESC);
        CREATE INDEX friendship_actions_acting_user ON friendship_actions (acting_user);
        CREATE INDEX friendship_actions_action_acting_user ON friendship_actions (action, acting_user);

        CREATE TABLE blocks (
            id TEXT PRIMARY KEY NOT NULL,
            blocker_address TEXT NOT NULL,
            blocked_address TEXT NOT NULL,
            blocked_at INTEGER NOT NULL,
            CONSTRAINT unique_block UNIQUE (blocker_address, blocked_address)
        ) STRICT;
        CREATE INDEX blocks_blocked_address ON blocks (blocked_address);
        """

    /// Bridge bookkeeping: where imported rows came from, resumable cursors, and the conflict journal.
    static let v2Bookkeeping = """
        -- One row per new-side row imported from Matrix (kind = friendship, action or block). A block's record
        -- outlives its blocks row, so a re-run can tell "removed on the new side" from "never imported".
        CREATE TABLE legacy_sources (
            kind TEXT NOT NULL CHECK (kind IN ('friendship', 'action', 'block')),
            row_id TEXT NOT NULL,
            room_id TEXT,
            event_id TEXT,
            run_id TEXT,
            imported_at INTEGER NOT NULL,
            PRIMARY KEY (kind, row_id)
        ) STRICT;
        CREATE INDEX legacy_sources_room_id ON legacy_sources (room_id);
        CREATE INDEX legacy_sources_event_id ON legacy_sources (event_id);

        CREATE TABLE sync_checkpoints (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            rule TEXT NOT NULL,
            pair_lo TEXT,
            pair_hi TEXT,
            room_id TEXT,
            event_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(event_ids)),
            detail TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL
        ) STRICT;
        -- The same finding (rule, pair, room, events) is journaled once, whichever run found it first.
        CREATE UNIQUE INDEX conflicts_finding
            ON conflicts (rule, ifnull(pair_lo, ''), ifnull(pair_hi, ''), ifnull(room_id, ''), event_ids);
        CREATE INDEX conflicts_run_id ON conflicts (run_id);
        """

    /// The transition daemon: which room names which pair, appservice transactions and events already
    /// processed (redelivery is a no-op), and the mirror's durable outbox with the event ids it wrote.
    static let v3Transition = """
        -- Every room sync or migrate derived, with the pair its membership names (NULL: none). Sync re-derives a
        -- pair from all its rooms; a tombstone's replacement is followed for new writes.
        CREATE TABLE legacy_rooms (
            room_id TEXT PRIMARY KEY NOT NULL,
            pair_lo TEXT,
            pair_hi TEXT,
            replaced_by TEXT,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX legacy_rooms_pair ON legacy_rooms (pair_lo, pair_hi);

        -- Synapse numbers transactions 1, 2, 3… per appservice registration, so the id alone proves nothing:
        -- a transaction is the same only with the same body.
        CREATE TABLE appservice_transactions (
            txn_id TEXT NOT NULL,
            body_digest TEXT NOT NULL,
            events INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (txn_id, body_digest)
        ) STRICT;

        CREATE TABLE sync_events (
            event_id TEXT PRIMARY KEY NOT NULL,
            room_id TEXT,
            outcome TEXT NOT NULL,
            processed_at INTEGER NOT NULL
        ) STRICT;

        -- One row per new-side action to write into Matrix, inserted in the action's own transaction.
        -- Delivered in id order per pair, one at a time.
        CREATE TABLE mirror_outbox (
            id INTEGER PRIMARY KEY,
            pair_lo TEXT NOT NULL,
            pair_hi TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('request', 'accept', 'reject', 'cancel', 'delete', 'block', 'unblock')),
            action_id TEXT,
            actor TEXT NOT NULL,
            target TEXT NOT NULL,
            message TEXT,
            created_at INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'skipped', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            room_id TEXT,
            create_attempted INTEGER NOT NULL DEFAULT 0 CHECK (create_attempted IN (0, 1)),
            finished_at INTEGER
        ) STRICT;
        CREATE INDEX mirror_outbox_state ON mirror_outbox (state, id);
        CREATE INDEX mirror_outbox_pair ON mirror_outbox (pair_lo, pair_hi, id);

        -- Event ids the mirror's writes returned: an event coming back through sync is an echo (legacy §9.6).
        CREATE TABLE mirror_events (
            event_id TEXT PRIMARY KEY NOT NULL,
            outbox_id INTEGER NOT NULL,
            action_id TEXT
        ) STRICT;
        """
}
