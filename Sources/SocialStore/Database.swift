import CSQLite
import Foundation

/// One SQLite connection with a statement cache. Not thread-safe: `SocialStore` serializes access.
final class Database {
    /// How a transaction takes its lock.
    enum TransactionKind: String {
        /// Takes the write lock at BEGIN, so reads inside see the state the writes are based on.
        case immediate = "IMMEDIATE"
        /// Takes locks on first use (reads).
        case deferred = "DEFERRED"
    }

    private let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// The opened file.
    let path: String

    /// Opens (or creates) the file.
    /// - Throws: `SocialStoreError` `.fileNotFound`, `.cannotOpen`, `.notADatabase`, `.corrupt`.
    init(path: String, readOnly: Bool, create: Bool, busyTimeoutMilliseconds: Int32) throws(SocialStoreError) {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw SocialStoreError(.fileNotFound, "database file \(path) does not exist")
        }
        var flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        var connection: OpaquePointer?
        let rc = sqlite3_open_v2(path, &connection, flags, nil)
        guard rc == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw SocialStoreError(.cannotOpen, "cannot open database \(path): \(message)", resultCode: rc)
        }
        handle = connection
        self.path = path
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        do {
            // SQLite reads the header lazily: touch the schema now so a foreign or damaged file fails here.
            _ = try scalarInt("SELECT count(*) FROM sqlite_master")
            if !readOnly {
                _ = try scalarText("PRAGMA journal_mode = WAL")
                try execute("PRAGMA synchronous = NORMAL")
            }
        } catch {
            // Every property is set, so deinit runs on this throw and closes the connection (exactly once).
            throw error.locating(path)
        }
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without parameters (schema scripts, pragmas).
    func execute(_ sql: String) throws(SocialStoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        sqlite3_free(errorMessage)
        guard rc == SQLITE_OK else { throw Database.error(rc, connection: handle, sql: sql) }
    }

    /// Runs a write statement (cached) and returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws(SocialStoreError) -> Int {
        let statement = try prepared(sql)
        try statement.bind(values)
        defer { statement.finish() }
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query (cached) and maps each row.
    func query<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Statement) throws(SocialStoreError) -> T) throws(SocialStoreError) -> [T] {
        let statement = try prepared(sql)
        try statement.bind(values)
        defer { statement.finish() }
        var rows: [T] = []
        while try statement.step() { rows.append(try map(statement)) }
        return rows
    }

    /// The first row of a query, if any.
    func queryFirst<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Statement) throws(SocialStoreError) -> T) throws(SocialStoreError) -> T? {
        let statement = try prepared(sql)
        try statement.bind(values)
        defer { statement.finish() }
        return try statement.step() ? try map(statement) : nil
    }

    /// A single integer (counts, pragmas).
    func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(SocialStoreError) -> Int64 {
        try queryFirst(sql, values) { (row) throws(SocialStoreError) in try row.int64(0) } ?? 0
    }

    /// A single text value, nil for no row or NULL.
    func scalarText(_ sql: String, _ values: [SQLValue] = []) throws(SocialStoreError) -> String? {
        try queryFirst(sql, values) { $0.optionalText(0) } ?? nil
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// - Parameter discard: roll back even when `body` returns (dry runs).
    /// - Throws: what `body` throws, or the SQLite failure of BEGIN/COMMIT.
    func inTransaction<T>(_ kind: TransactionKind, rollback discard: Bool = false, _ body: () throws(SocialStoreError) -> T) throws(SocialStoreError) -> T {
        try execute("BEGIN \(kind.rawValue)")
        let result: T
        do {
            result = try body()
        } catch {
            rollback()
            throw error
        }
        if discard {
            rollback()
            return result
        }
        do {
            try execute("COMMIT")
        } catch {
            rollback()
            throw error
        }
        return result
    }

    private func rollback() {
        // Statements left mid-step would keep the transaction's read lock.
        for statement in cache.values { statement.finish() }
        if sqlite3_get_autocommit(handle) == 0 { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }

    private func prepared(_ sql: String) throws(SocialStoreError) -> Statement {
        if let statement = cache[sql] { return statement }
        let statement = try Statement(connection: handle, sql: sql, persistent: true)
        cache[sql] = statement
        return statement
    }

    /// A typed error for a failed SQLite call.
    static func error(_ rc: Int32, connection: OpaquePointer?, sql: String) -> SocialStoreError {
        let detail = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
        switch rc & 0xFF {
        case SQLITE_NOTADB: return SocialStoreError(.notADatabase, "file is not an SQLite database (\(detail))", resultCode: rc)
        case SQLITE_CORRUPT: return SocialStoreError(.corrupt, "database is damaged (\(detail))", resultCode: rc)
        case SQLITE_BUSY, SQLITE_LOCKED: return SocialStoreError(.busy, "database is locked by another connection (\(detail))", resultCode: rc)
        default: return SocialStoreError(.sqlite, "\(detail) (in: \(sql))", resultCode: rc)
        }
    }
}

extension SocialStoreError {
    /// The same error with the file named, for errors raised while opening.
    func locating(_ path: String) -> SocialStoreError {
        switch code {
        case .notADatabase: return SocialStoreError(code, "\(path) is not an SQLite database", resultCode: resultCode)
        case .corrupt: return SocialStoreError(code, "database \(path) is damaged: \(message)", resultCode: resultCode)
        default: return SocialStoreError(code, "\(path): \(message)", resultCode: resultCode)
        }
    }
}
