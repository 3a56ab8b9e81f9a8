import Foundation

/// Read-only connections for queries, so reads run beside the writer (WAL lets readers see the last
/// committed state while a write transaction is open) instead of queueing behind it.
final class ReaderPool: @unchecked Sendable {
    // @unchecked: `idle` and `opened` are touched only while `condition` is locked; a connection is used by
    // one caller at a time (taken out of `idle` while in use).
    private let condition = NSCondition()
    private var idle: [Database] = []
    private var opened = 0
    private let maximum: Int
    private let open: () throws(SocialStoreError) -> Database

    /// A pool opening at most `maximum` connections with `open`, lazily.
    init(maximum: Int, open: @escaping () throws(SocialStoreError) -> Database) {
        self.maximum = max(1, maximum)
        self.open = open
    }

    /// Runs `body` on an idle connection, opening one when all are busy and the maximum allows, else waiting.
    func withConnection<T>(_ body: (Database) throws(SocialStoreError) -> T) throws(SocialStoreError) -> T {
        let database = try checkOut()
        defer { checkIn(database) }
        return try body(database)
    }

    private func checkOut() throws(SocialStoreError) -> Database {
        condition.lock()
        while idle.isEmpty && opened >= maximum { condition.wait() }
        if let database = idle.popLast() {
            condition.unlock()
            return database
        }
        opened += 1
        condition.unlock()
        do {
            return try open()
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ database: Database) {
        condition.lock()
        idle.append(database)
        condition.signal()
        condition.unlock()
    }
}
