/// Reads protobuf fields from a byte buffer, one tag at a time; skips unknown fields of every wire type.
///
/// Typical use in a message's decoder:
/// ```
/// var reader = ProtoReader(bytes)
/// while let (field, type) = try reader.nextField() {
///     switch field {
///     case 1: address = try reader.readString(field, type)
///     default: try reader.skip(type)
///     }
/// }
/// ```
/// Every length is checked against the remaining input before anything is copied, so no allocation is
/// ever sized by a number read from the input.
public struct ProtoReader: Sendable {
    private let bytes: ArraySlice<UInt8>
    private var index: Int
    private let end: Int
    /// Field number of the tag `nextField` returned last; a group skip needs it to match the end tag.
    private var currentField: Int = 0
    /// Group nesting allowed when skipping deprecated groups.
    public static let maxGroupDepth = 64
    /// Largest valid field number (2^29 - 1).
    public static let maxFieldNumber: UInt64 = 0x1FFF_FFFF

    /// A reader over a whole buffer.
    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// A reader over a slice (shares storage with the slice's base).
    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
        end = bytes.endIndex
    }

    /// True when every byte has been consumed.
    public var isAtEnd: Bool { index >= end }

    /// The next field's number and wire type, or `nil` at the end of input.
    /// - Throws: `ProtobufError` for a malformed tag: a bad varint, field number 0 or above 2^29-1, wire
    ///   type 6 or 7, or an end-group tag with no open group.
    public mutating func nextField() throws(ProtobufError) -> (field: Int, type: WireType)? {
        guard index < end else { return nil }
        let (field, type) = try readTag()
        if type == .endGroup { throw .invalidWireType(WireType.endGroup.rawValue) }
        currentField = field
        return (field, type)
    }

    private mutating func readTag() throws(ProtobufError) -> (field: Int, type: WireType) {
        let key = try readVarint()
        let number = key >> 3
        guard number >= 1, number <= Self.maxFieldNumber else { throw .invalidFieldNumber(number) }
        guard let type = WireType(rawValue: UInt8(key & 7)) else { throw .invalidWireType(UInt8(key & 7)) }
        return (Int(number), type)
    }

    // MARK: raw primitives

    /// A base-128 varint of at most 10 bytes whose 10th byte carries only the 64th bit.
    /// - Throws: `.truncated`, or `.malformedVarint` for 11+ bytes or a 10th byte above 1.
    public mutating func readVarint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < end else { throw .truncated }
            let byte = bytes[index]
            index += 1
            // The 10th byte holds bit 63 only; anything more overflows (or continues to an 11th byte).
            if shift == 63 && byte > 1 { throw .malformedVarint }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Four little-endian bytes.
    /// - Throws: `.truncated` when fewer remain.
    public mutating func readFixed32Raw() throws(ProtobufError) -> UInt32 {
        guard end - index >= 4 else { throw .truncated }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[index + i]) << UInt32(i * 8) }
        index += 4
        return v
    }

    /// Eight little-endian bytes.
    /// - Throws: `.truncated` when fewer remain.
    public mutating func readFixed64Raw() throws(ProtobufError) -> UInt64 {
        guard end - index >= 8 else { throw .truncated }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[index + i]) << UInt64(i * 8) }
        index += 8
        return v
    }

    /// A length-delimited payload; the length is checked against the remaining input before slicing.
    /// - Throws: `.lengthOutOfBounds` when the length runs past the input, or a varint error.
    public mutating func readLengthDelimited() throws(ProtobufError) -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(end - index) else {
            throw .lengthOutOfBounds(length > UInt64(Int.max) ? Int.max : Int(length))
        }
        let count = Int(length)
        let slice = bytes[index..<index + count]
        index += count
        return slice
    }

    // MARK: typed field readers (check the wire type)

    private func expect(_ got: WireType, _ want: WireType, _ field: Int) throws(ProtobufError) {
        if got != want { throw .wrongWireType(field: field, got: got) }
    }

    /// `uint64` field. - Throws: `ProtobufError`.
    public mutating func readUInt64(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt64 { try expect(type, .varint, field); return try readVarint() }
    /// `int64` field. - Throws: `ProtobufError`.
    public mutating func readInt64(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int64 { Int64(bitPattern: try readUInt64(field, type)) }
    /// `int32` field; a 10-byte negative value is truncated to 32 bits as protobuf specifies. - Throws: `ProtobufError`.
    public mutating func readInt32(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int32 { Int32(truncatingIfNeeded: try readUInt64(field, type)) }
    /// `uint32` field. - Throws: `ProtobufError`.
    public mutating func readUInt32(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt32 { UInt32(truncatingIfNeeded: try readUInt64(field, type)) }
    /// Raw enum value. - Throws: `ProtobufError`.
    public mutating func readEnum(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int32 { try readInt32(field, type) }
    /// `bool` field; any non-zero varint is true. - Throws: `ProtobufError`.
    public mutating func readBool(_ field: Int, _ type: WireType) throws(ProtobufError) -> Bool { try readUInt64(field, type) != 0 }
    /// `sint32` field (zigzag). - Throws: `ProtobufError`.
    public mutating func readSInt32(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int32 {
        Self.unzigzag32(UInt32(truncatingIfNeeded: try readUInt64(field, type)))
    }
    /// `sint64` field (zigzag). - Throws: `ProtobufError`.
    public mutating func readSInt64(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int64 {
        Self.unzigzag64(try readUInt64(field, type))
    }
    /// `fixed32` field. - Throws: `ProtobufError`.
    public mutating func readFixed32(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt32 { try expect(type, .fixed32, field); return try readFixed32Raw() }
    /// `fixed64` field. - Throws: `ProtobufError`.
    public mutating func readFixed64(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt64 { try expect(type, .fixed64, field); return try readFixed64Raw() }
    /// `sfixed32` field. - Throws: `ProtobufError`.
    public mutating func readSFixed32(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int32 { Int32(bitPattern: try readFixed32(field, type)) }
    /// `sfixed64` field. - Throws: `ProtobufError`.
    public mutating func readSFixed64(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int64 { Int64(bitPattern: try readFixed64(field, type)) }
    /// `float` field. - Throws: `ProtobufError`.
    public mutating func readFloat(_ field: Int, _ type: WireType) throws(ProtobufError) -> Float { Float(bitPattern: try readFixed32(field, type)) }
    /// `double` field. - Throws: `ProtobufError`.
    public mutating func readDouble(_ field: Int, _ type: WireType) throws(ProtobufError) -> Double { Double(bitPattern: try readFixed64(field, type)) }
    /// `bytes` field. - Throws: `ProtobufError`.
    public mutating func readBytes(_ field: Int, _ type: WireType) throws(ProtobufError) -> [UInt8] {
        try expect(type, .lengthDelimited, field); return Array(try readLengthDelimited())
    }
    /// `string` field; proto3 requires UTF-8. - Throws: `ProtobufError`, `.invalidUTF8` for bad text.
    public mutating func readString(_ field: Int, _ type: WireType) throws(ProtobufError) -> String {
        try expect(type, .lengthDelimited, field)
        let slice = try readLengthDelimited()
        guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return text
    }
    /// A nested message (a oneof case, or a repeated element).
    /// - Throws: `ProtobufError` from the frame or the nested message.
    public mutating func readMessage<M: ProtoMessage>(_ field: Int, _ type: WireType, as _: M.Type = M.self) throws(ProtobufError) -> M {
        try expect(type, .lengthDelimited, field)
        return try M(serializedBytes: Array(try readLengthDelimited()))
    }

    /// A singular nested message field. When the field occurs again it is merged into the earlier value,
    /// as protobuf requires: parsing the earlier value's encoding followed by the new bytes is exactly a merge
    /// (scalars: last wins; repeated: appended; nested messages: merged recursively).
    /// - Throws: `ProtobufError` from the frame or the nested message.
    public mutating func readMessage<M: ProtoMessage>(_ field: Int, _ type: WireType, merging existing: M?) throws(ProtobufError) -> M {
        try expect(type, .lengthDelimited, field)
        let slice = try readLengthDelimited()
        guard let existing else { return try M(serializedBytes: Array(slice)) }
        return try M(serializedBytes: existing.serializedBytes() + slice)
    }

    // MARK: repeated scalars (packed and unpacked are both accepted, as parsers must)

    /// Repeated varints, accepting both packed and unpacked encodings.
    /// - Throws: `ProtobufError`; a packed run that ends inside a varint is `.truncated`.
    public mutating func readRepeatedVarints(_ field: Int, _ type: WireType, into values: inout [UInt64]) throws(ProtobufError) {
        switch type {
        case .varint: values.append(try readVarint())
        case .lengthDelimited:
            var inner = ProtoReader(try readLengthDelimited())
            while !inner.isAtEnd { values.append(try inner.readVarint()) }
        default: throw .wrongWireType(field: field, got: type)
        }
    }

    /// Repeated 4-byte values (`fixed32`, `sfixed32`, `float` bit patterns), packed or unpacked.
    /// - Throws: `ProtobufError`; a packed run whose length is not a multiple of 4 is `.truncated`.
    public mutating func readRepeatedFixed32(_ field: Int, _ type: WireType, into values: inout [UInt32]) throws(ProtobufError) {
        switch type {
        case .fixed32: values.append(try readFixed32Raw())
        case .lengthDelimited:
            var inner = ProtoReader(try readLengthDelimited())
            while !inner.isAtEnd { values.append(try inner.readFixed32Raw()) }
        default: throw .wrongWireType(field: field, got: type)
        }
    }

    /// Repeated 8-byte values (`fixed64`, `sfixed64`, `double` bit patterns), packed or unpacked.
    /// - Throws: `ProtobufError`; a packed run whose length is not a multiple of 8 is `.truncated`.
    public mutating func readRepeatedFixed64(_ field: Int, _ type: WireType, into values: inout [UInt64]) throws(ProtobufError) {
        switch type {
        case .fixed64: values.append(try readFixed64Raw())
        case .lengthDelimited:
            var inner = ProtoReader(try readLengthDelimited())
            while !inner.isAtEnd { values.append(try inner.readFixed64Raw()) }
        default: throw .wrongWireType(field: field, got: type)
        }
    }

    // MARK: unknown fields

    /// Skips the value of the field `nextField` just returned, of any wire type, including (deprecated)
    /// groups, whose end tag must carry the group's own field number.
    /// - Throws: `ProtobufError` for truncated or malformed content.
    public mutating func skip(_ type: WireType) throws(ProtobufError) {
        try skip(type, field: currentField, depth: 0)
    }

    private mutating func skip(_ type: WireType, field: Int, depth: Int) throws(ProtobufError) {
        switch type {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64Raw()
        case .fixed32: _ = try readFixed32Raw()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .endGroup: throw .invalidWireType(WireType.endGroup.rawValue)
        case .startGroup:
            guard depth < Self.maxGroupDepth else { throw .nestingTooDeep }
            while true {
                guard index < end else { throw .truncated }
                let (inner, innerType) = try readTag()
                if innerType == .endGroup {
                    guard inner == field else { throw .unmatchedEndGroup(field: field) }
                    return
                }
                try skip(innerType, field: inner, depth: depth + 1)
            }
        }
    }

    // MARK: zigzag

    /// Inverse of `ProtoWriter.zigzag32`.
    public static func unzigzag32(_ v: UInt32) -> Int32 { Int32(bitPattern: (v >> 1) ^ (0 &- (v & 1))) }
    /// Inverse of `ProtoWriter.zigzag64`.
    public static func unzigzag64(_ v: UInt64) -> Int64 { Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1))) }
}
