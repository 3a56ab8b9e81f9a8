import Foundation
import Testing
import SocialDomain
@testable import SocialStore
import BridgeTestSupport

@Suite struct SchemaTests {
    @Test func migrationsAreRecordedOnceEach() throws {
        let fixture = try StoreFixture()
        let recorded = try fixture.store.withDatabase { (db) throws(SocialStoreError) in
            try db.query("SELECT identifier FROM schema_migrations ORDER BY rowid") { (row) throws(SocialStoreError) in try row.text(0) }
        }
        #expect(recorded == SocialStore.schemaMigrationIdentifiers)
        let version = try fixture.store.withDatabase { (db) throws(SocialStoreError) in try db.scalarInt("PRAGMA user_version") }
        #expect(version == Int64(SocialStore.schemaMigrationIdentifiers.count))
        let journal = try fixture.store.withDatabase { (db) throws(SocialStoreError) in try db.scalarText("PRAGMA journal_mode") }
        #expect(journal == "wal")
        _ = try SocialStore(path: fixture.path)  // reopening applies nothing and does not fail
        let strict = try fixture.store.withDatabase { (db) throws(SocialStoreError) in
            try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%STRICT'")
        }
        // friendships, friendship_actions, blocks, legacy_sources, sync_checkpoints, conflicts, schema_migrations, and the
        // transition's legacy_rooms, appservice_transactions, sync_events, mirror_outbox, mirror_events.
        #expect(strict == 12)
    }

    @Test func newerSchemaIsRefused() throws {
        let fixture = try StoreFixture()
        try fixture.store.withDatabase { (db) throws(SocialStoreError) in
            try db.run("INSERT INTO schema_migrations (identifier, applied_at) VALUES ('9999-from-the-future', 0)")
        }
        for options in [SocialStore.Options(), .readOnly] {
            let error = #expect(throws: SocialStoreError.self) { try SocialStore(path: fixture.path, options: options) }
            #expect(error?.code == .schemaTooNew)
            #expect(error?.message.contains("'9999-from-the-future' is unknown to this build") == true)
        }
    }

    @Test func foreignSQLiteDatabaseIsRefusedUntouched() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("other.sqlite").path
        do {
            let other = try Database(path: path, readOnly: false, create: true, busyTimeoutMilliseconds: 100)
            try other.execute("CREATE TABLE notes (body TEXT)")
        }
        let error = #expect(throws: SocialStoreError.self) { try SocialStore(path: path) }
        #expect(error?.code == .foreignDatabase)
        let check = try Database(path: path, readOnly: true, create: false, busyTimeoutMilliseconds: 100)
        #expect(try check.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'friendships'") == 0)
    }

    @Test func emptyFileOpenedReadOnlyNeedsMigrations() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("empty.sqlite").path
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let error = #expect(throws: SocialStoreError.self) { try SocialStore(path: path, options: .readOnly) }
        #expect(error?.code == .schemaOutdated)
        #expect(error?.message == "\(path) is an empty database (no SocialBridge schema yet)")
        // Opened for writing, an empty file simply becomes a new database.
        _ = try SocialStore(path: path)
    }

    @Test func unopenablePathGivesTypedError() throws {
        let directory = try makeTemporaryDirectory()
        let error = #expect(throws: SocialStoreError.self) {
            try SocialStore(path: directory.appendingPathComponent("missing-dir/x.sqlite").path)
        }
        #expect(error?.code == .cannotOpen)
        let onDirectory = #expect(throws: SocialStoreError.self) { try SocialStore(path: directory.path) }
        #expect(onDirectory != nil)
    }

    @Test func handEditedRowGivesTypedErrorNotACrash() throws {
        let fixture = try StoreFixture()
        try fixture.store.withDatabase { (db) throws(SocialStoreError) in
            try db.run("INSERT INTO blocks (id, blocker_address, blocked_address, blocked_at) VALUES ('x', 'not-an-address', ?1, 1)",
                       [.text(addr(1).rawValue)])
        }
        let error = #expect(throws: SocialStoreError.self) { try fixture.store.blocks(against: addr(1), limit: 10, offset: 0) }
        #expect(error?.code == .invalidStoredValue)
        #expect(error?.message.contains("not-an-address") == false)
    }

    @Test func olderSchemaIsUpgradedInPlace() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let database = try Database(path: path, readOnly: false, create: true, busyTimeoutMilliseconds: 100)
            try SchemaMigrator.migrate(database, migrations: Array(Schema.migrations.prefix(1)), readOnly: false, now: 1)
            try database.run("INSERT INTO blocks (id, blocker_address, blocked_address, blocked_at) VALUES ('b', ?1, ?2, 5)",
                             [.text(addr(1).rawValue), .text(addr(2).rawValue)])
        }
        let readOnly = #expect(throws: SocialStoreError.self) { try SocialStore(path: path, options: .readOnly) }
        #expect(readOnly?.code == .schemaOutdated)
        #expect(readOnly?.message.contains("needs \(Schema.migrations.count - 1) schema migration(s)") == true)
        let store = try SocialStore(path: path)
        #expect(try store.block(blocker: addr(1), blocked: addr(2))?.blockedAt == 5)
        #expect(try store.checkpoint("anything") == nil)
        _ = try SocialStore(path: path, options: .readOnly)
    }

    @Test func otherProgramsMigrationTableIsForeign() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("rails.sqlite").path
        do {
            let other = try Database(path: path, readOnly: false, create: true, busyTimeoutMilliseconds: 100)
            try other.execute("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY)")
        }
        let error = #expect(throws: SocialStoreError.self) { try SocialStore(path: path) }
        #expect(error?.code == .foreignDatabase)
    }

    @Test func newerUserVersionIsRefused() throws {
        let fixture = try StoreFixture()
        try fixture.store.withDatabase { (db) throws(SocialStoreError) in try db.execute("PRAGMA user_version = 99") }
        let error = #expect(throws: SocialStoreError.self) { try SocialStore(path: fixture.path) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.message.contains("schema version 99") == true)
    }
}
