/// Appends protobuf fields to a byte buffer. Presence is the caller's choice: the `…IfNotDefault`
/// helpers implement proto3 implicit presence, the plain ones always write (explicit presence:
/// proto3 `optional`, oneof cases, set message fields).
public struct ProtoWriter: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    /// - Parameter capacity: bytes to reserve up front.
    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    // MARK: raw primitives

    /// A base-128 varint (1…10 bytes).
    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A field key. Field numbers are compile-time constants of the message code (1…2^29-1).
    public mutating func writeTag(_ field: Int, _ type: WireType) {
        writeVarint(UInt64(truncatingIfNeeded: field) << 3 | UInt64(type.rawValue))
    }

    /// Four little-endian bytes.
    public mutating func writeFixed32Raw(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// Eight little-endian bytes.
    public mutating func writeFixed64Raw(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Raw bytes appended as they are (an already-encoded run of fields).
    public mutating func writeRaw(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// ZigZag encoding for `sint32`.
    public static func zigzag32(_ v: Int32) -> UInt32 { UInt32(bitPattern: (v << 1) ^ (v >> 31)) }
    /// ZigZag encoding for `sint64`.
    public static func zigzag64(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    // MARK: fields, always written

    /// `uint64` field.
    public mutating func write(uint64 value: UInt64, field: Int) { writeTag(field, .varint); writeVarint(value) }
    /// `int32` field; negative values are sign-extended to 10 bytes, as protobuf requires.
    public mutating func write(int32 value: Int32, field: Int) { writeTag(field, .varint); writeVarint(UInt64(bitPattern: Int64(value))) }
    /// `int64` field.
    public mutating func write(int64 value: Int64, field: Int) { writeTag(field, .varint); writeVarint(UInt64(bitPattern: value)) }
    /// `uint32` field.
    public mutating func write(uint32 value: UInt32, field: Int) { writeTag(field, .varint); writeVarint(UInt64(value)) }
    /// `sint32` field (zigzag).
    public mutating func write(sint32 value: Int32, field: Int) { writeTag(field, .varint); writeVarint(UInt64(Self.zigzag32(value))) }
    /// `sint64` field (zigzag).
    public mutating func write(sint64 value: Int64, field: Int) { writeTag(field, .varint); writeVarint(Self.zigzag64(value)) }
    /// `bool` field.
    public mutating func write(bool value: Bool, field: Int) { writeTag(field, .varint); writeVarint(value ? 1 : 0) }
    /// Raw enum value (an int32 on the wire).
    public mutating func write(enum value: Int32, field: Int) { write(int32: value, field: field) }
    /// `fixed32` field.
    public mutating func write(fixed32 value: UInt32, field: Int) { writeTag(field, .fixed32); writeFixed32Raw(value) }
    /// `fixed64` field.
    public mutating func write(fixed64 value: UInt64, field: Int) { writeTag(field, .fixed64); writeFixed64Raw(value) }
    /// `sfixed32` field.
    public mutating func write(sfixed32 value: Int32, field: Int) { write(fixed32: UInt32(bitPattern: value), field: field) }
    /// `sfixed64` field.
    public mutating func write(sfixed64 value: Int64, field: Int) { write(fixed64: UInt64(bitPattern: value), field: field) }
    /// `float` field.
    public mutating func write(float value: Float, field: Int) { write(fixed32: value.bitPattern, field: field) }
    /// `double` field.
    public mutating func write(double value: Double, field: Int) { write(fixed64: value.bitPattern, field: field) }
    /// `bytes` field.
    public mutating func write(bytes value: [UInt8], field: Int) {
        writeTag(field, .lengthDelimited); writeVarint(UInt64(value.count)); bytes.append(contentsOf: value)
    }
    /// `string` field (UTF-8).
    public mutating func write(string value: String, field: Int) {
        writeTag(field, .lengthDelimited)
        let utf8 = value.utf8
        writeVarint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    /// A nested message, written even when it encodes to zero bytes (oneof cases and explicit presence).
    /// The body is encoded in place after a one-byte length placeholder, widened afterwards in the rare case
    /// the body reaches 128 bytes, so nesting costs no intermediate buffers.
    public mutating func write<M: ProtoMessage>(message value: M, field: Int) {
        writeTag(field, .lengthDelimited)
        let lengthIndex = bytes.count
        bytes.append(0)
        value.encode(to: &self)
        let length = bytes.count - lengthIndex - 1
        if length < 0x80 {
            bytes[lengthIndex] = UInt8(length)
        } else {
            var prefix = ProtoWriter()
            prefix.writeVarint(UInt64(length))
            bytes.replaceSubrange(lengthIndex...lengthIndex, with: prefix.bytes)
        }
    }

    /// Packed repeated varints (proto3's default for repeated integer, bool and enum fields); nothing when empty.
    public mutating func writePacked(varints values: [UInt64], field: Int) {
        guard !values.isEmpty else { return }
        var inner = ProtoWriter()
        for v in values { inner.writeVarint(v) }
        write(bytes: inner.bytes, field: field)
    }

    /// Packed repeated 4-byte values (`fixed32`, `sfixed32`, `float` bit patterns); nothing when empty.
    public mutating func writePacked(fixed32 values: [UInt32], field: Int) {
        guard !values.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(values.count) * 4)
        for v in values { writeFixed32Raw(v) }
    }

    /// Packed repeated 8-byte values (`fixed64`, `sfixed64`, `double` bit patterns); nothing when empty.
    public mutating func writePacked(fixed64 values: [UInt64], field: Int) {
        guard !values.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(values.count) * 8)
        for v in values { writeFixed64Raw(v) }
    }

    // MARK: proto3 implicit presence (defaults are omitted)

    /// `fixed32` unless 0.
    public mutating func writeIfNotDefault(fixed32 value: UInt32, field: Int) { if value != 0 { write(fixed32: value, field: field) } }
    /// `fixed64` unless 0.
    public mutating func writeIfNotDefault(fixed64 value: UInt64, field: Int) { if value != 0 { write(fixed64: value, field: field) } }
    /// `int32` unless 0.
    public mutating func writeIfNotDefault(int32 value: Int32, field: Int) { if value != 0 { write(int32: value, field: field) } }
    /// `int64` unless 0.
    public mutating func writeIfNotDefault(int64 value: Int64, field: Int) { if value != 0 { write(int64: value, field: field) } }
    /// `uint32` unless 0.
    public mutating func writeIfNotDefault(uint32 value: UInt32, field: Int) { if value != 0 { write(uint32: value, field: field) } }
    /// `uint64` unless 0.
    public mutating func writeIfNotDefault(uint64 value: UInt64, field: Int) { if value != 0 { write(uint64: value, field: field) } }
    /// `sint32` unless 0.
    public mutating func writeIfNotDefault(sint32 value: Int32, field: Int) { if value != 0 { write(sint32: value, field: field) } }
    /// `sint64` unless 0.
    public mutating func writeIfNotDefault(sint64 value: Int64, field: Int) { if value != 0 { write(sint64: value, field: field) } }
    /// `bool` unless false.
    public mutating func writeIfNotDefault(bool value: Bool, field: Int) { if value { write(bool: value, field: field) } }
    /// Raw enum value unless 0.
    public mutating func writeIfNotDefault(enum value: Int32, field: Int) { if value != 0 { write(enum: value, field: field) } }
    /// `float` unless +0.0 (like protobuf's C++ runtime, -0.0 is written: only the all-zero bit pattern is the default).
    public mutating func writeIfNotDefault(float value: Float, field: Int) { if value.bitPattern != 0 { write(float: value, field: field) } }
    /// `double` unless +0.0 (-0.0 is written).
    public mutating func writeIfNotDefault(double value: Double, field: Int) { if value.bitPattern != 0 { write(double: value, field: field) } }
    /// `string` unless empty.
    public mutating func writeIfNotDefault(string value: String, field: Int) { if !value.isEmpty { write(string: value, field: field) } }
    /// `bytes` unless empty.
    public mutating func writeIfNotDefault(bytes value: [UInt8], field: Int) { if !value.isEmpty { write(bytes: value, field: field) } }
}
