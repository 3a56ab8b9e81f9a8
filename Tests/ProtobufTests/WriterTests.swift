import Testing
@testable import Protobuf

@Suite struct WriterTests {
    private func written(_ body: (inout ProtoWriter) -> Void) -> [UInt8] {
        var writer = ProtoWriter()
        body(&writer)
        return writer.bytes
    }

    @Test(arguments: [
        (UInt64(0), "00"), (1, "01"), (127, "7f"), (128, "80 01"), (300, "ac 02"), (16_383, "ff 7f"), (16_384, "80 80 01"),
        (UInt64(UInt32.max), "ff ff ff ff 0f"), (UInt64.max, "ff ff ff ff ff ff ff ff ff 01"),
    ])
    func varints(value: UInt64, expected: String) throws {
        #expect(written { $0.writeVarint(value) } == hex(expected))
        var reader = ProtoReader(hex(expected))
        #expect(try reader.readVarint() == value)
        #expect(reader.isAtEnd)
    }

    @Test func negativeInt32IsTenBytes() throws {
        let bytes = written { $0.write(int32: -1, field: 1) }
        #expect(bytes == hex("08 ff ff ff ff ff ff ff ff ff 01"))
        let min = written { $0.write(int32: Int32.min, field: 1) }
        #expect(min == hex("08 80 80 80 80 f8 ff ff ff ff 01"))
        var reader = ProtoReader(min)
        let (field, type) = try #require(try reader.nextField())
        #expect(try reader.readInt32(field, type) == Int32.min)
        // int64 and enum fields share the sign extension.
        #expect(written { $0.write(int64: -2, field: 2) } == hex("10 fe ff ff ff ff ff ff ff ff 01"))
        #expect(written { $0.write(enum: -1, field: 3) } == hex("18 ff ff ff ff ff ff ff ff ff 01"))
    }

    @Test(arguments: [(Int32(0), UInt32(0)), (-1, 1), (1, 2), (-2, 3), (2_147_483_647, 4_294_967_294), (Int32.min, UInt32.max)])
    func zigzag32(value: Int32, encoded: UInt32) {
        #expect(ProtoWriter.zigzag32(value) == encoded)
        #expect(ProtoReader.unzigzag32(encoded) == value)
    }

    @Test(arguments: [(Int64(0), UInt64(0)), (-1, 1), (1, 2), (-2, 3), (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max)])
    func zigzag64(value: Int64, encoded: UInt64) {
        #expect(ProtoWriter.zigzag64(value) == encoded)
        #expect(ProtoReader.unzigzag64(encoded) == value)
    }

    @Test func sintFields() throws {
        #expect(written { $0.write(sint32: -1, field: 1) } == hex("08 01"))
        #expect(written { $0.write(sint64: -64, field: 1) } == hex("08 7f"))
        var reader = ProtoReader(hex("08 03 10 ff 01"))
        var (field, type) = try #require(try reader.nextField())
        #expect(try reader.readSInt32(field, type) == -2)
        (field, type) = try #require(try reader.nextField())
        #expect(try reader.readSInt64(field, type) == -128)
    }

    @Test func fixedWidthLittleEndian() throws {
        #expect(written { $0.write(fixed32: 0x5800_0000, field: 1) } == hex("0d 00 00 00 58"))
        #expect(written { $0.write(fixed64: 0x0102_0304_0506_0708, field: 2) } == hex("11 08 07 06 05 04 03 02 01"))
        #expect(written { $0.write(sfixed32: -1, field: 3) } == hex("1d ff ff ff ff"))
        #expect(written { $0.write(float: 1.0, field: 1) } == hex("0d 00 00 80 3f"))
        #expect(written { $0.write(double: -2.0, field: 1) } == hex("09 00 00 00 00 00 00 00 c0"))
        var reader = ProtoReader(hex("0d 00 00 80 3f 11 00 00 00 00 00 00 00 c0 1d fe ff ff ff"))
        var (field, type) = try #require(try reader.nextField())
        #expect(try reader.readFloat(field, type) == 1.0)
        (field, type) = try #require(try reader.nextField())
        #expect(try reader.readDouble(field, type) == -2.0)
        (field, type) = try #require(try reader.nextField())
        #expect(try reader.readSFixed32(field, type) == -2)
        #expect(try reader.nextField() == nil)
    }

    @Test func lengthDelimited() {
        #expect(written { $0.write(string: "hé", field: 2) } == hex("12 03 68 c3 a9"))
        #expect(written { $0.write(bytes: [], field: 6) } == hex("32 00"))
        let long = [UInt8](repeating: 7, count: 200)
        #expect(written { $0.write(bytes: long, field: 1) } == hex("0a c8 01") + long)
        #expect(written { $0.write(string: "x", field: 16) } == hex("82 01 01 78"))
    }

    @Test func implicitPresenceOmitsDefaults() {
        let bytes = written {
            $0.writeIfNotDefault(int32: 0, field: 1)
            $0.writeIfNotDefault(int64: 0, field: 2)
            $0.writeIfNotDefault(uint32: 0, field: 3)
            $0.writeIfNotDefault(bool: false, field: 4)
            $0.writeIfNotDefault(string: "", field: 5)
            $0.writeIfNotDefault(bytes: [], field: 6)
            $0.writeIfNotDefault(float: 0, field: 7)
            $0.writeIfNotDefault(double: 0, field: 8)
            $0.writeIfNotDefault(fixed32: 0, field: 9)
            $0.writeIfNotDefault(enum: 0, field: 10)
            $0.writeIfNotDefault(sint64: 0, field: 11)
        }
        #expect(bytes.isEmpty)
        // -0.0 is not the all-zero bit pattern, so it is written (as protobuf's C++ runtime does).
        #expect(written { $0.writeIfNotDefault(float: -0.0, field: 1) } == hex("0d 00 00 00 80"))
    }

    @Test func packedRepeated() throws {
        #expect(written { $0.writePacked(varints: [3, 270, 86942], field: 4) } == hex("22 06 03 8e 02 9e a7 05"))
        #expect(written { $0.writePacked(varints: [], field: 4) }.isEmpty)
        #expect(written { $0.writePacked(fixed32: [1, 2], field: 1) } == hex("0a 08 01 00 00 00 02 00 00 00"))
        #expect(written { $0.writePacked(fixed64: [1], field: 1) } == hex("0a 08 01 00 00 00 00 00 00 00"))
    }
}

/// A two-field message for the ProtoMessage conveniences.
private struct Pair: ProtoMessage {
    var id: UInt32 = 0
    var name: String = ""

    init() {}

    init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: id = try reader.readFixed32(field, type)
            case 2: name = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: id, field: 1)
        writer.writeIfNotDefault(string: name, field: 2)
    }
}

@Suite struct MessageTests {
    @Test func nestedMessageAndSliceDecoding() throws {
        var pair = Pair()
        pair.id = 7
        pair.name = "n"
        var writer = ProtoWriter()
        writer.write(message: pair, field: 6)
        writer.write(message: Pair(), field: 7)
        #expect(writer.bytes == hex("32 08 0d 07 00 00 00 12 01 6e 3a 00"))
        var reader = ProtoReader(writer.bytes)
        let (field, type) = try #require(try reader.nextField())
        #expect(field == 6)
        #expect(try reader.readMessage(field, type, as: Pair.self) == pair)
        let frame = hex("ff ff 0d 07 00 00 00 12 01 6e")
        #expect(try Pair(serializedBytes: frame[2...]) == pair)
    }
}

@Suite struct NestedLengthTests {
    /// A message of `count` raw bytes in field 1.
    private struct Blob: ProtoMessage {
        var payload: [UInt8] = []
        init() {}
        init(_ payload: [UInt8]) { self.payload = payload }
        init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                if field == 1 { payload = try reader.readBytes(field, type) } else { try reader.skip(type) }
            }
        }
        func encode(to writer: inout ProtoWriter) { writer.writeIfNotDefault(bytes: payload, field: 1) }
    }

    @Test(arguments: [0, 1, 124, 125, 126, 127, 128, 16_380, 16_381, 16_400, 70_000])
    func nestedLengthPrefixIsMinimal(count: Int) throws {
        let inner = Blob([UInt8](repeating: 0xAB, count: count))
        var writer = ProtoWriter()
        writer.write(uint64: 1, field: 1)
        writer.write(message: inner, field: 2)
        writer.write(uint64: 2, field: 3)
        // The same bytes as writing the inner encoding as a plain bytes field.
        var expected = ProtoWriter()
        expected.write(uint64: 1, field: 1)
        expected.write(bytes: inner.serializedBytes(), field: 2)
        expected.write(uint64: 2, field: 3)
        #expect(writer.bytes == expected.bytes)
        var reader = ProtoReader(writer.bytes)
        _ = try reader.nextField().map { try reader.readUInt64($0.field, $0.type) }
        let (field, type) = try #require(try reader.nextField())
        #expect(try reader.readMessage(field, type, as: Blob.self) == inner)
    }
}
