/// A JSON value that keeps what `JSONSerialization` loses: object members in document order (with the
/// line each key is on), numbers exactly as written (an int64 survives), and `true` apart from `1`.
///
/// Used where those matter: config files (errors name the line), the protobuf JSON mapping of `call`
/// (int64 fields, field order of the output).
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text (`-12`, `1.5e3`), validated by the parser.
    case number(String)
    case string(String)
    case array([JSON])
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSON
        /// The 1-based line the key starts on (0 for members built in code). Not part of equality.
        public var line: Int

        /// A member; `line` only matters for error messages.
        public init(_ key: String, _ value: JSON, line: Int = 0) {
            self.key = key
            self.value = value
            self.line = line
        }

        public static func == (a: Member, b: Member) -> Bool { a.key == b.key && a.value == b.value }
    }

    /// An integer number.
    public static func integer(_ value: some BinaryInteger) -> JSON { .number(String(value)) }

    /// A finite floating-point number (shortest round-tripping form); non-finite values become `null`.
    public static func double(_ value: Double) -> JSON {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number("\(value)")
    }

    /// The member `key` of an object (the first one, if the key is repeated); nil otherwise.
    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var members: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, if this is an array.
    public var elements: [JSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The number as an exact `Int64`: integer literals only, no fraction or exponent.
    public var int64Value: Int64? {
        guard case .number(let text) = self else { return nil }
        return Int64(text)
    }

    /// The number as a `Double`.
    public var doubleValue: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }

    /// What kind of value this is, for error messages ("a string", "an object").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
