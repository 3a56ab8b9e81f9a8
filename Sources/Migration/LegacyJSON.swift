import Foundation

/// A JSON value read from the legacy homeserver (event content, account data, profile files).
///
/// Legacy data is untrusted: every accessor answers `nil` on a shape mismatch instead of trapping.
public enum LegacyJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([LegacyJSON])
    case object([String: LegacyJSON])

    /// Parses JSON text.
    /// - Throws: `DecodingError` when the text is not JSON.
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(LegacyJSON.self, from: data)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int64.self) { self = .int(value); return }
        if let value = try? container.decode(Double.self) { self = .double(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([LegacyJSON].self) { self = .array(value); return }
        self = .object(try container.decode([String: LegacyJSON].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` when this is an object.
    public subscript(key: String) -> LegacyJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The integer when this is an integral number.
    public var int64Value: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e15: return Int64(value)
        default: return nil
        }
    }

    /// The members when this is an object.
    public var objectValue: [String: LegacyJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array.
    public var arrayValue: [LegacyJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
