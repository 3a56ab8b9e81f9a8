/// A value bound to a statement parameter. The schema only uses integers, text and NULL.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)

    /// `.text` or `.null`.
    static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
    /// `.integer` or `.null`.
    static func optional(_ value: Int64?) -> SQLValue { value.map(SQLValue.integer) ?? .null }
    /// Booleans are stored as 0/1.
    static func bool(_ flag: Bool) -> SQLValue { .integer(flag ? 1 : 0) }
}
