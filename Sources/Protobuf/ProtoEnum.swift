/// A proto3 enum. Every Int32 is representable so values this build does not know survive a round trip
/// (proto3 enums are open); the case with raw value 0 is the field's default.
public protocol ProtoEnum: Sendable, Hashable {
    /// The enum for a wire value; unknown values map to an `unrecognized` case.
    init(rawValue: Int32)
    /// The wire value.
    var rawValue: Int32 { get }
}

extension ProtoEnum {
    /// The proto3 default (wire value 0).
    public static var protoDefault: Self { Self(rawValue: 0) }
}

extension ProtoReader {
    /// An enum field (varint); values outside Int32 are truncated as protobuf runtimes do.
    /// - Throws: `ProtobufError` for a wrong wire type or a malformed varint.
    public mutating func readEnum<E: ProtoEnum>(_ field: Int, _ type: WireType, as _: E.Type = E.self) throws(ProtobufError) -> E {
        E(rawValue: try readInt32(field, type))
    }
}

extension ProtoWriter {
    /// An enum field, always written (explicit presence: proto3 `optional` or a oneof case).
    public mutating func write<E: ProtoEnum>(enum value: E, field: Int) { write(enum: value.rawValue, field: field) }
    /// An enum field with implicit presence: omitted when it is the default (0).
    public mutating func writeIfNotDefault<E: ProtoEnum>(enum value: E, field: Int) {
        writeIfNotDefault(enum: value.rawValue, field: field)
    }
}
