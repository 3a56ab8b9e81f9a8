/// One step of the schema's history, applied once, in its own transaction, and recorded by identifier.
struct SchemaMigration: Sendable {
    /// Stable identifier recorded in `schema_migrations` (never renamed once shipped).
    var identifier: String
    /// The SQL script.
    var sql: String
}

/// Applies `SchemaMigration`s in order and refuses databases from the future.
enum SchemaMigrator {
    /// Marks the file as ours in the SQLite header (`PRAGMA application_id`, "SBDG").
    static let applicationID: Int64 = 0x5342_4447

    /// Brings `database` to the newest schema.
    /// - Parameter readOnly: when true, pending migrations are an error instead of being applied.
    /// - Throws: `.foreignDatabase` for another program's database, `.schemaTooNew` when the file
    ///   records a migration this build does not know, `.schemaOutdated` for read-only opens that need
    ///   migrations, or an SQLite failure.
    static func migrate(_ database: Database, migrations: [SchemaMigration], readOnly: Bool, now: Int64) throws(SocialStoreError) {
        let hasRecord = try database.scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") > 0
        // Other programs keep a schema_migrations table too (Rails does): the header's application id tells ours apart.
        if hasRecord, try database.scalarInt("PRAGMA application_id") != applicationID {
            throw SocialStoreError(.foreignDatabase, "\(database.path) is an SQLite database of another program (application id is not SocialBridge's)")
        }
        let applied: [String]
        if hasRecord {
            applied = try database.query("SELECT identifier FROM schema_migrations ORDER BY rowid") { (row) throws(SocialStoreError) in try row.text(0) }
        } else {
            let tables = try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            guard tables == 0 else {
                throw SocialStoreError(.foreignDatabase, "\(database.path) is an SQLite database of another program (no SocialBridge schema record)")
            }
            applied = []
        }
        let known = Set(migrations.map(\.identifier))
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw SocialStoreError(
                .schemaTooNew,
                "\(database.path) was written by a newer SocialBridge (schema migration '\(unknown)' is unknown to this build, which knows \(migrations.count)); upgrade social-bridge")
        }
        let version = try database.scalarInt("PRAGMA user_version")
        if version > Int64(migrations.count) {
            throw SocialStoreError(
                .schemaTooNew,
                "\(database.path) has schema version \(version), newer than the \(migrations.count) this build knows; upgrade social-bridge")
        }
        let pending = migrations.filter { !applied.contains($0.identifier) }
        guard !pending.isEmpty else { return }
        if readOnly && !hasRecord {
            throw SocialStoreError(.schemaOutdated, "\(database.path) is an empty database (no SocialBridge schema yet)")
        }
        if readOnly {
            throw SocialStoreError(
                .schemaOutdated,
                "\(database.path) needs \(pending.count) schema migration(s) but was opened read-only; open it once for writing (for example with migrate)")
        }
        if !hasRecord {
            try database.inTransaction(.immediate) { () throws(SocialStoreError) in
                try database.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL) STRICT")
                try database.execute("PRAGMA application_id = \(applicationID)")
            }
        }
        for migration in pending {
            try database.inTransaction(.immediate) { () throws(SocialStoreError) in
                try database.execute(migration.sql)
                try database.run("INSERT INTO schema_migrations (identifier, applied_at) VALUES (?, ?)", [.text(migration.identifier), .integer(now)])
                try database.execute("PRAGMA user_version = \(migrations.firstIndex { $0.identifier == migration.identifier }.map { $0 + 1 } ?? 0)")
            }
        }
    }
}
