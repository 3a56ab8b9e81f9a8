import CSQLite
import Foundation
import SocialDomain

/// SQLite's "copy the bound bytes now" destructor sentinel.
private let transientDestructor = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One prepared statement, owned: finalized on deinit, reset and unbound before each reuse.
/// Not thread-safe; used only under the owning `Database`'s lock.
final class Statement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// The SQL text (for error messages; it never contains user values, those are bound).
    let sql: String

    /// Prepares `sql` on `connection`.
    /// - Parameter persistent: hints SQLite that the statement is kept for reuse (cached statements).
    /// - Throws: `SocialStoreError` when the SQL does not prepare (including a damaged or foreign file).
    init(connection: OpaquePointer, sql: String, persistent: Bool) throws(SocialStoreError) {
        var statement: OpaquePointer?
        let flags = UInt32(persistent ? SQLITE_PREPARE_PERSISTENT : 0)
        let rc = sqlite3_prepare_v3(connection, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw Database.error(rc, connection: connection, sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to parameters 1…n.
    func bind(_ values: [SQLValue]) throws(SocialStoreError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let number): rc = sqlite3_bind_int64(handle, index, number)
            case .text(let text):
                // An explicit byte length keeps text with embedded NUL characters whole.
                rc = sqlite3_bind_text(handle, index, text, Int32(clamping: text.utf8.count), transientDestructor)
            }
            guard rc == SQLITE_OK else { throw Database.error(rc, connection: connection, sql: sql) }
        }
    }

    /// Advances; true when a row is available.
    func step() throws(SocialStoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = Database.error(rc, connection: connection, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Releases the statement's read snapshot and bound values after use.
    func finish() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Whether column `index` of the current row is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Integer column; a NULL or non-integer is a schema violation.
    func int64(_ index: Int32) throws(SocialStoreError) -> Int64 {
        guard sqlite3_column_type(handle, index) == SQLITE_INTEGER else { throw invalid(index, "an integer") }
        return sqlite3_column_int64(handle, index)
    }

    /// Integer column that may be NULL.
    func optionalInt64(_ index: Int32) throws(SocialStoreError) -> Int64? {
        isNull(index) ? nil : try int64(index)
    }

    /// Text column; NULL is a schema violation.
    func text(_ index: Int32) throws(SocialStoreError) -> String {
        guard let text = optionalText(index) else { throw invalid(index, "text") }
        return text
    }

    /// Text column that may be NULL.
    func optionalText(_ index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The `message` of a `metadata` JSON column (`{"message": "…"}`); nil for NULL, no message, an empty
    /// one, or JSON that is not such an object. Decoded here because SQLite's json_extract stops at a NUL.
    func metadataMessage(_ index: Int32) -> String? {
        guard let text = optionalText(index) else { return nil }
        // Fast path for what json_object writes when the message needs no escapes.
        let prefix = #"{"message":""#, suffix = #""}"#
        if text.hasPrefix(prefix), text.hasSuffix(suffix), text.utf8.count >= prefix.utf8.count + suffix.utf8.count {
            let body = text.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
            if !body.contains(UInt8(ascii: "\\")) && !body.contains(UInt8(ascii: "\"")) {
                return body.isEmpty ? nil : String(decoding: body, as: UTF8.self)
            }
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let message = object["message"] as? String, !message.isEmpty else { return nil }
        return message
    }

    /// 0/1 column.
    func bool(_ index: Int32) throws(SocialStoreError) -> Bool { try int64(index) != 0 }

    /// Address column: stored lowercase by every writer; anything else means the file was edited by hand.
    func address(_ index: Int32) throws(SocialStoreError) -> Address {
        let raw = try text(index)
        guard let address = Address(raw), address.rawValue == raw else { throw invalid(index, "a lowercase address") }
        return address
    }

    /// Action column.
    func action(_ index: Int32) throws(SocialStoreError) -> FriendshipAction {
        guard let action = FriendshipAction(rawValue: try text(index)) else { throw invalid(index, "a friendship action") }
        return action
    }

    private func invalid(_ index: Int32, _ expected: String) -> SocialStoreError {
        let column = sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "#\(index)"
        return SocialStoreError(.invalidStoredValue, "column \(column) does not hold \(expected) (query: \(sql))")
    }
}
