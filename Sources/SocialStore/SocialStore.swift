import Foundation
import Synchronization

/// The friendship database: production's `friendships`, `friendship_actions` and `blocks` tables plus the
/// bridge's bookkeeping, in one SQLite file (WAL mode).
///
/// Safe to share between tasks: writes go through one connection, serialized by a lock, each write path one
/// immediate transaction that reads the state it validates against, so concurrent RPCs cannot race. Queries
/// run on a small pool of read-only connections, each in a read transaction, beside the writer.
public final class SocialStore: @unchecked Sendable {
    /// How to open the file.
    public struct Options: Sendable {
        /// Open without write access (no migrations, no WAL switch); for `export` and inspection.
        public var readOnly: Bool
        /// Create the file when missing (ignored when read-only).
        public var create: Bool
        /// How long a call waits for another process's lock before failing with `.busy`.
        public var busyTimeoutMilliseconds: Int32
        /// Query connections opened beside the writer (lazily, as concurrent reads need them).
        public var maximumReaders: Int
        /// Whether every RPC write (UpsertFriendship, BlockUser, UnblockUser) also queues its Matrix write in
        /// `mirror_outbox`, in the same transaction (`serve --mirror`).
        public var recordsMirrorOutbox: Bool

        /// Options; the defaults open read-write and create the file.
        public init(readOnly: Bool = false, create: Bool = true, busyTimeoutMilliseconds: Int32 = 5_000, maximumReaders: Int = 4,
                    recordsMirrorOutbox: Bool = false) {
            self.readOnly = readOnly
            self.create = create && !readOnly
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.maximumReaders = maximumReaders
            self.recordsMirrorOutbox = recordsMirrorOutbox && !readOnly
        }

        /// Read-only, never creating the file.
        public static let readOnly = Options(readOnly: true, create: false)
    }

    /// The database file.
    public let path: String
    /// Whether the store was opened read-only.
    public let isReadOnly: Bool
    /// Whether RPC writes queue mirror rows (`Options.recordsMirrorOutbox`).
    public let recordsMirrorOutbox: Bool
    /// Called after a commit that queued mirror rows (wakes the mirror), outside every lock.
    private let outboxObserver = Mutex<(@Sendable () -> Void)?>(nil)
    // @unchecked: `database` is touched only while `lock` is held. NSLock rather than Synchronization.Mutex
    // keeps the package buildable for macOS 14.
    private let lock = NSLock()
    private let database: Database
    /// Query connections; nil for a read-only store, which reads on its one connection.
    private let readers: ReaderPool?

    /// Opens the database at `path` and applies pending schema migrations.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - options: read-only, create, busy timeout.
    /// - Throws: `SocialStoreError`: `.fileNotFound`, `.cannotOpen`, `.notADatabase`, `.corrupt`,
    ///   `.foreignDatabase`, `.schemaTooNew`, `.schemaOutdated`, or an SQLite failure.
    public init(path: String, options: Options = Options()) throws(SocialStoreError) {
        self.path = path
        self.isReadOnly = options.readOnly
        self.recordsMirrorOutbox = options.recordsMirrorOutbox
        database = try Database(
            path: path, readOnly: options.readOnly, create: options.create,
            busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
        do {
            try SchemaMigrator.migrate(database, migrations: Schema.migrations, readOnly: options.readOnly, now: Self.nowMilliseconds())
        } catch {
            throw error.code == .sqlite ? error.locating(path) : error
        }
        if options.readOnly {
            readers = nil
        } else {
            let timeout = options.busyTimeoutMilliseconds
            readers = ReaderPool(maximum: options.maximumReaders) { () throws(SocialStoreError) in
                try Database(path: path, readOnly: true, create: false, busyTimeoutMilliseconds: timeout)
            }
        }
    }

    /// Sets the closure called after each commit that queued mirror rows.
    public func onOutboxCommit(_ observer: (@Sendable () -> Void)?) {
        outboxObserver.withLock { $0 = observer }
    }

    /// Tells the observer, if any, that mirror rows were committed.
    func notifyOutboxCommit() {
        let observer = outboxObserver.withLock { $0 }
        observer?()
    }

    /// The identifiers of the schema migrations this build knows, oldest first.
    public static var schemaMigrationIdentifiers: [String] { Schema.migrations.map(\.identifier) }

    /// The current wall clock in milliseconds since the epoch.
    public static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A new random (version 4) lowercase UUID, for rows made on the new side.
    static func newID() -> String { UUID().uuidString.lowercased() }

    /// Runs `body` with the connection, serialized with every other call.
    @discardableResult
    func withDatabase<T>(_ body: (Database) throws(SocialStoreError) -> T) throws(SocialStoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    /// Runs `body` in one read transaction (a consistent view across its queries) on a query connection.
    func read<T>(_ body: (Database) throws(SocialStoreError) -> T) throws(SocialStoreError) -> T {
        guard let readers else { return try transaction(write: false, body) }
        return try readers.withConnection { (database) throws(SocialStoreError) in
            try database.inTransaction(.deferred) { () throws(SocialStoreError) in try body(database) }
        }
    }

    /// Runs `body` in one transaction (immediate for writes, deferred for consistent multi-query reads).
    /// - Parameter rollback: discard the writes even when `body` succeeds (dry runs).
    func transaction<T>(write: Bool, rollback: Bool = false, _ body: (Database) throws(SocialStoreError) -> T) throws(SocialStoreError) -> T {
        try withDatabase { (database) throws(SocialStoreError) in
            if write && isReadOnly {
                throw SocialStoreError(.invalidArgument, "database \(path) is open read-only")
            }
            return try database.inTransaction(write ? .immediate : .deferred, rollback: rollback) { () throws(SocialStoreError) in
                try body(database)
            }
        }
    }
}
