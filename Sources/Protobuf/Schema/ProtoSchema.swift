/// A protobuf scalar type, named as in `.proto` files.
public enum ProtoScalarType: String, Sendable, CaseIterable {
    case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes, uint32, sfixed32, sfixed64, sint32, sint64

    /// The wire type of one value.
    public var wireType: WireType {
        switch self {
        case .double, .fixed64, .sfixed64: return .fixed64
        case .float, .fixed32, .sfixed32: return .fixed32
        case .string, .bytes: return .lengthDelimited
        default: return .varint
        }
    }
}

/// The type of a field: a scalar, a message or an enum (by full name, `decentraland.common.Color3`).
public enum ProtoFieldType: Sendable, Equatable {
    case scalar(ProtoScalarType)
    case message(String)
    case enumeration(String)

    /// The wire type of one value.
    public var wireType: WireType {
        switch self {
        case .scalar(let scalar): return scalar.wireType
        case .message: return .lengthDelimited
        case .enumeration: return .varint
        }
    }

    /// Whether repeated values of this type are packed in proto3 (numbers, booleans and enums).
    public var isPackable: Bool { wireType != .lengthDelimited }
}

/// How many values a field holds and whether absence is observable.
public enum ProtoFieldLabel: Sendable, Equatable {
    /// One value; proto3 implicit presence (the default value is not written) unless the type is a message.
    case singular
    /// One value with explicit presence (`optional`).
    case optional
    /// Any number of values.
    case repeated
}

/// One field of a message schema.
public struct ProtoFieldSchema: Sendable, Equatable {
    /// The field's name in the `.proto` file (`pagination_data`).
    public var name: String
    /// The field number.
    public var number: Int
    /// Its type.
    public var type: ProtoFieldType
    /// Singular, optional or repeated.
    public var label: ProtoFieldLabel
    /// The (non-synthetic) oneof the field belongs to, if any.
    public var oneof: String?

    /// A field.
    public init(_ name: String, _ number: Int, _ type: ProtoFieldType, _ label: ProtoFieldLabel = .singular, oneof: String? = nil) {
        self.name = name
        self.number = number
        self.type = type
        self.label = label
        self.oneof = oneof
    }

    /// Whether an absent field is distinguishable from its default (messages, `optional`, oneof members).
    public var hasPresence: Bool {
        if label == .optional || oneof != nil { return true }
        if label == .repeated { return false }
        if case .message = type { return true }
        return false
    }

    /// The protobuf JSON name (`paginationData` for `pagination_data`).
    public var jsonName: String {
        var out = ""
        var upper = false
        for character in name {
            if character == "_" {
                upper = true
            } else {
                out.append(upper ? Character(character.uppercased()) : character)
                upper = false
            }
        }
        return out
    }
}

/// A message type: its full name and fields in declaration order.
public struct ProtoMessageSchema: Sendable, Equatable {
    /// `decentraland.social_service.v2.User`.
    public var name: String
    /// Fields in declaration order.
    public var fields: [ProtoFieldSchema]

    /// A message schema.
    public init(_ name: String, _ fields: [ProtoFieldSchema]) {
        self.name = name
        self.fields = fields
    }

    /// The last component of the name (`User`).
    public var shortName: String { String(name.split(separator: ".").last ?? Substring(name)) }
}

/// An enum type: its full name and values in declaration order.
public struct ProtoEnumSchema: Sendable, Equatable {
    /// `decentraland.social_service.v2.FriendshipStatus`.
    public var name: String
    /// Value names and numbers, in declaration order.
    public var values: [(name: String, number: Int32)]

    /// An enum schema.
    public init(_ name: String, _ values: [(String, Int32)]) {
        self.name = name
        self.values = values.map { (name: $0.0, number: $0.1) }
    }

    public static func == (a: ProtoEnumSchema, b: ProtoEnumSchema) -> Bool {
        a.name == b.name && a.values.map(\.name) == b.values.map(\.name) && a.values.map(\.number) == b.values.map(\.number)
    }
}

/// A set of message and enum types that refer to each other by full name: enough to encode and decode
/// any of them without generated code (`ProtoJSONCodec`).
public struct ProtoSchema: Sendable {
    /// Messages by full name.
    public let messages: [String: ProtoMessageSchema]
    /// Enums by full name.
    public let enums: [String: ProtoEnumSchema]

    /// A schema of these types.
    public init(messages: [ProtoMessageSchema], enums: [ProtoEnumSchema]) {
        self.messages = Dictionary(messages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.enums = Dictionary(enums.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
