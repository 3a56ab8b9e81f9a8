/// Appends protobuf fields to a byte buffer. Presence is the caller's choice: the `…IfNotDefault`
/// helpers implement proto3 implicit presence, the plain ones always write.
public struct ProtoWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    // MARK: raw primitives

    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func writeTag(_ field: Int, _ type: WireType) {
        writeVarint(UInt64(field) << 3 | UInt64(type.rawValue))
    }

    public mutating func writeFixed32Raw(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public mutating func writeFixed64Raw(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    public static func zigzag32(_ v: Int32) -> UInt32 { UInt32(bitPattern: (v << 1) ^ (v >> 31)) }
    public static func zigzag64(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    // MARK: fields, always written

    public mutating func write(uint64 value: UInt64, field: Int) { writeTag(field, .varint); writeVarint(value) }
    /// int32 negative values are sign-extended to 10 bytes, as protobuf requires.
    public mutating func write(int32 value: Int32, field: Int) { writeTag(field, .varint); writeVarint(UInt64(bitPattern: Int64(value))) }
    public mutating func write(int64 value: Int64, field: Int) { writeTag(field, .varint); writeVarint(UInt64(bitPattern: value)) }
    public mutating func write(uint32 value: UInt32, field: Int) { writeTag(field, .varint); writeVarint(UInt64(value)) }
    public mutating func write(sint32 value: Int32, field: Int) { writeTag(field, .varint); writeVarint(UInt64(Self.zigzag32(value))) }
    public mutating func write(sint64 value: Int64, field: Int) { writeTag(field, .varint); writeVarint(Self.zigzag64(value)) }
    public mutating func write(bool value: Bool, field: Int) { writeTag(field, .varint); writeVarint(value ? 1 : 0) }
    public mutating func write(enum value: Int32, field: Int) { write(int32: value, field: field) }
    public mutating func write(fixed32 value: UInt32, field: Int) { writeTag(field, .fixed32); writeFixed32Raw(value) }
    public mutating func write(fixed64 value: UInt64, field: Int) { writeTag(field, .fixed64); writeFixed64Raw(value) }
    public mutating func write(float value: Float, field: Int) { write(fixed32: value.bitPattern, field: field) }
    public mutating func write(double value: Double, field: Int) { write(fixed64: value.bitPattern, field: field) }
    public mutating func write(bytes value: [UInt8], field: Int) {
        writeTag(field, .lengthDelimited); writeVarint(UInt64(value.count)); bytes.append(contentsOf: value)
    }
    public mutating func write(string value: String, field: Int) {
        writeTag(field, .lengthDelimited)
        let utf8 = value.utf8
        writeVarint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    /// A nested message, written even when it encodes to zero bytes (oneof cases and explicit presence).
    public mutating func write<M: ProtoMessage>(message value: M, field: Int) { write(bytes: value.serializedBytes(), field: field) }

    /// Packed repeated varints (proto3's default for repeated scalars).
    public mutating func writePacked(varints values: [UInt64], field: Int) {
        guard !values.isEmpty else { return }
        var inner = ProtoWriter()
        for v in values { inner.writeVarint(v) }
        write(bytes: inner.bytes, field: field)
    }

    // MARK: proto3 implicit presence

    public mutating func writeIfNotDefault(fixed32 value: UInt32, field: Int) { if value != 0 { write(fixed32: value, field: field) } }
    public mutating func writeIfNotDefault(int32 value: Int32, field: Int) { if value != 0 { write(int32: value, field: field) } }
    public mutating func writeIfNotDefault(int64 value: Int64, field: Int) { if value != 0 { write(int64: value, field: field) } }
    public mutating func writeIfNotDefault(uint64 value: UInt64, field: Int) { if value != 0 { write(uint64: value, field: field) } }
    public mutating func writeIfNotDefault(bool value: Bool, field: Int) { if value { write(bool: value, field: field) } }
    public mutating func writeIfNotDefault(enum value: Int32, field: Int) { if value != 0 { write(enum: value, field: field) } }
    public mutating func writeIfNotDefault(float value: Float, field: Int) { if value.bitPattern != 0 { write(float: value, field: field) } }
    public mutating func writeIfNotDefault(string value: String, field: Int) { if !value.isEmpty { write(string: value, field: field) } }
    public mutating func writeIfNotDefault(bytes value: [UInt8], field: Int) { if !value.isEmpty { write(bytes: value, field: field) } }
}
