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
public struct ProtoReader: Sendable {
    private let bytes: [UInt8]
    private var index: Int
    private let end: Int
    /// Group nesting allowed when skipping deprecated groups.
    public static let maxGroupDepth = 64

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = 0
        end = bytes.count
    }

    public var isAtEnd: Bool { index >= end }

    /// The next field's number and wire type, or `nil` at the end of input.
    /// - Throws: `ProtobufError` for a malformed tag.
    public mutating func nextField() throws(ProtobufError) -> (field: Int, type: WireType)? {
        guard index < end else { return nil }
        let key = try readVarint()
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else { throw .invalidFieldNumber(number) }
        guard let type = WireType(rawValue: UInt8(key & 7)) else { throw .invalidWireType(UInt8(key & 7)) }
        if type == .endGroup { throw .invalidWireType(4) }
        return (Int(number), type)
    }

    public mutating func readVarint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < end else { throw .truncated }
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 { throw .malformedVarint }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformedVarint }
        }
    }

    public mutating func readFixed32Raw() throws(ProtobufError) -> UInt32 {
        guard end - index >= 4 else { throw .truncated }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[index + i]) << UInt32(i * 8) }
        index += 4
        return v
    }

    public mutating func readFixed64Raw() throws(ProtobufError) -> UInt64 {
        guard end - index >= 8 else { throw .truncated }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[index + i]) << UInt64(i * 8) }
        index += 8
        return v
    }

    /// A length-delimited payload; the length is checked against the remaining input before copying.
    public mutating func readLengthDelimited() throws(ProtobufError) -> ArraySlice<UInt8> {
        let length = try readVarint()
        guard length <= UInt64(end - index) else { throw .lengthOutOfBounds(length > UInt64(Int.max) ? Int.max : Int(length)) }
        let slice = bytes[index..<index + Int(length)]
        index += Int(length)
        return slice
    }

    // MARK: typed field readers (check the wire type)

    private func expect(_ got: WireType, _ want: WireType, _ field: Int) throws(ProtobufError) {
        if got != want { throw .wrongWireType(field: field, got: got) }
    }

    public mutating func readUInt64(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt64 { try expect(type, .varint, field); return try readVarint() }
    public mutating func readInt64(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int64 { Int64(bitPattern: try readUInt64(field, type)) }
    public mutating func readInt32(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int32 { Int32(truncatingIfNeeded: try readUInt64(field, type)) }
    public mutating func readUInt32(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt32 { UInt32(truncatingIfNeeded: try readUInt64(field, type)) }
    public mutating func readEnum(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int32 { try readInt32(field, type) }
    public mutating func readBool(_ field: Int, _ type: WireType) throws(ProtobufError) -> Bool { try readUInt64(field, type) != 0 }
    public mutating func readSInt32(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int32 {
        let raw = UInt32(truncatingIfNeeded: try readUInt64(field, type))
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
    public mutating func readSInt64(_ field: Int, _ type: WireType) throws(ProtobufError) -> Int64 {
        let raw = try readUInt64(field, type)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
    public mutating func readFixed32(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt32 { try expect(type, .fixed32, field); return try readFixed32Raw() }
    public mutating func readFixed64(_ field: Int, _ type: WireType) throws(ProtobufError) -> UInt64 { try expect(type, .fixed64, field); return try readFixed64Raw() }
    public mutating func readFloat(_ field: Int, _ type: WireType) throws(ProtobufError) -> Float { Float(bitPattern: try readFixed32(field, type)) }
    public mutating func readDouble(_ field: Int, _ type: WireType) throws(ProtobufError) -> Double { Double(bitPattern: try readFixed64(field, type)) }
    public mutating func readBytes(_ field: Int, _ type: WireType) throws(ProtobufError) -> [UInt8] {
        try expect(type, .lengthDelimited, field); return Array(try readLengthDelimited())
    }
    public mutating func readString(_ field: Int, _ type: WireType) throws(ProtobufError) -> String {
        try expect(type, .lengthDelimited, field)
        let slice = try readLengthDelimited()
        guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return text
    }
    /// A nested message; decoding an embedded message merges into defaults, as protobuf does.
    public mutating func readMessage<M: ProtoMessage>(_ field: Int, _ type: WireType, as _: M.Type = M.self) throws(ProtobufError) -> M {
        try expect(type, .lengthDelimited, field)
        return try M(serializedBytes: Array(try readLengthDelimited()))
    }
    /// Repeated varints, accepting both packed and unpacked encodings.
    public mutating func readRepeatedVarints(_ field: Int, _ type: WireType, into values: inout [UInt64]) throws(ProtobufError) {
        switch type {
        case .varint: values.append(try readVarint())
        case .lengthDelimited:
            var inner = ProtoReader(Array(try readLengthDelimited()))
            while !inner.isAtEnd { values.append(try inner.readVarint()) }
        default: throw .wrongWireType(field: field, got: type)
        }
    }

    /// Skips a field's value of any wire type, including (deprecated) groups.
    public mutating func skip(_ type: WireType) throws(ProtobufError) {
        try skip(type, depth: 0)
    }

    private mutating func skip(_ type: WireType, depth: Int) throws(ProtobufError) {
        switch type {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64Raw()
        case .fixed32: _ = try readFixed32Raw()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .endGroup: throw .invalidWireType(4)
        case .startGroup:
            guard depth < Self.maxGroupDepth else { throw .nestingTooDeep }
            while true {
                guard index < end else { throw .truncated }
                let key = try readVarint()
                guard let inner = WireType(rawValue: UInt8(key & 7)) else { throw .invalidWireType(UInt8(key & 7)) }
                if inner == .endGroup { return }
                try skip(inner, depth: depth + 1)
            }
        }
    }
}
