import Foundation
import Testing
@testable import Protobuf

@Suite struct ReaderTests {
    /// Reads every field of `bytes`, skipping all, and returns the field numbers seen.
    private func skipAll(_ bytes: [UInt8]) throws(ProtobufError) -> [Int] {
        var reader = ProtoReader(bytes)
        var seen: [Int] = []
        while let (field, type) = try reader.nextField() {
            seen.append(field)
            try reader.skip(type)
        }
        return seen
    }

    @Test func skipsEveryWireType() throws {
        // varint, fixed64, length-delimited, group {varint, nested group {}}, fixed32, then a last varint.
        let bytes = hex("08 96 01  11 01 02 03 04 05 06 07 08  1a 02 68 69  23 08 01 2b 2c 24  2d 01 02 03 04  30 05")
        #expect(try skipAll(bytes) == [1, 2, 3, 4, 5, 6])
    }

    @Test func groupMustEndWithItsOwnNumber() {
        #expect(throws: ProtobufError.unmatchedEndGroup(field: 4)) { try skipAll(hex("23 08 01 2c")) }
        #expect(throws: ProtobufError.truncated) { try skipAll(hex("23 08 01")) }
    }

    @Test func groupNestingIsBounded() {
        let depth = ProtoReader.maxGroupDepth + 2
        let bytes = [UInt8](repeating: 0x0b, count: depth) + [UInt8](repeating: 0x0c, count: depth)
        #expect(throws: ProtobufError.nestingTooDeep) { try skipAll(bytes) }
        let fine = [UInt8](repeating: 0x0b, count: 10) + [UInt8](repeating: 0x0c, count: 10)
        #expect((try? skipAll(fine)) == [1])
    }

    @Test func strayEndGroupIsInvalid() {
        #expect(throws: ProtobufError.invalidWireType(4)) { try skipAll(hex("0c")) }
    }

    @Test func invalidWireTypes() {
        #expect(throws: ProtobufError.invalidWireType(6)) { try skipAll(hex("0e 00")) }
        #expect(throws: ProtobufError.invalidWireType(7)) { try skipAll(hex("0f 00")) }
        #expect(throws: ProtobufError.invalidWireType(6)) { try skipAll(hex("0b 0e 0c")) }
    }

    @Test func fieldNumberZeroAndTooLarge() {
        #expect(throws: ProtobufError.invalidFieldNumber(0)) { try skipAll(hex("00 01")) }
        #expect(throws: ProtobufError.invalidFieldNumber(0)) { try skipAll(hex("02 00")) }
        // 2^29 as a field number: key = 2^32 → varint 80 80 80 80 10.
        #expect(throws: ProtobufError.invalidFieldNumber(1 << 29)) { try skipAll(hex("80 80 80 80 10 00")) }
        // 2^29-1 is the largest valid number.
        #expect((try? skipAll(hex("f8 ff ff ff 0f 00"))) == [(1 << 29) - 1])
        #expect(throws: ProtobufError.invalidFieldNumber(0)) { try skipAll(hex("0b 00 0c")) }
    }

    @Test func overlongVarints() {
        var eleven = ProtoReader(hex("ff ff ff ff ff ff ff ff ff 81 01"))
        #expect(throws: ProtobufError.malformedVarint) { try eleven.readVarint() }
        var tenthTooBig = ProtoReader(hex("ff ff ff ff ff ff ff ff ff 02"))
        #expect(throws: ProtobufError.malformedVarint) { try tenthTooBig.readVarint() }
        var tenthOne = ProtoReader(hex("80 80 80 80 80 80 80 80 80 01"))
        #expect((try? tenthOne.readVarint()) == 1 << 63)
        // Non-minimal but ≤ 10 bytes is valid protobuf.
        var padded = ProtoReader(hex("81 80 80 00"))
        #expect((try? padded.readVarint()) == 1)
        #expect(throws: ProtobufError.malformedVarint) { try skipAll(hex("08 ff ff ff ff ff ff ff ff ff 7f")) }
    }

    @Test func truncatedInputs() {
        for bytes in [hex("08"), hex("08 80"), hex("0d 01 02 03"), hex("09 01 02 03 04 05 06 07"), hex("80")] {
            #expect(throws: ProtobufError.truncated) { try skipAll(bytes) }
        }
    }

    @Test func lengthsBeyondTheBuffer() {
        #expect(throws: ProtobufError.lengthOutOfBounds(3)) { try skipAll(hex("0a 03 01 02")) }
        // A length of 2^63-1 is rejected before any allocation.
        #expect(throws: ProtobufError.lengthOutOfBounds(Int.max)) { try skipAll(hex("0a ff ff ff ff ff ff ff ff 7f")) }
        // 2^64-1 does not fit in Int; it is clamped in the error, never converted.
        #expect(throws: ProtobufError.lengthOutOfBounds(Int.max)) { try skipAll(hex("0a ff ff ff ff ff ff ff ff ff 01")) }
        var reader = ProtoReader(hex("12 05 00"))
        #expect(throws: ProtobufError.lengthOutOfBounds(5)) { _ = try reader.nextField().map { try reader.readBytes($0.field, $0.type) } }
    }

    @Test func wrongWireTypeForKnownField() throws {
        var reader = ProtoReader(hex("0a 01 00"))
        let (field, type) = try #require(try reader.nextField())
        #expect(throws: ProtobufError.wrongWireType(field: 1, got: .lengthDelimited)) { try reader.readInt32(field, type) }
    }

    @Test func packedAndUnpackedRepeatedAreBothRead() throws {
        // Field 4 unpacked (03), packed (8e 02, 9e a7 05), unpacked again (01).
        var reader = ProtoReader(hex("20 03  22 05 8e 02 9e a7 05  20 01"))
        var values: [UInt64] = []
        while let (field, type) = try reader.nextField() { try reader.readRepeatedVarints(field, type, into: &values) }
        #expect(values == [3, 270, 86942, 1])

        var fixed = ProtoReader(hex("0d 01 00 00 00  0a 08 02 00 00 00 03 00 00 00"))
        var words: [UInt32] = []
        while let (field, type) = try fixed.nextField() { try fixed.readRepeatedFixed32(field, type, into: &words) }
        #expect(words == [1, 2, 3])

        var wide = ProtoReader(hex("0a 08 05 00 00 00 00 00 00 00  09 06 00 00 00 00 00 00 00"))
        var longs: [UInt64] = []
        while let (field, type) = try wide.nextField() { try wide.readRepeatedFixed64(field, type, into: &longs) }
        #expect(longs == [5, 6])
    }

    @Test func packedRunsMustBeWhole() throws {
        var varints = ProtoReader(hex("22 02 8e 82"))
        var values: [UInt64] = []
        let (f1, t1) = try #require(try varints.nextField())
        #expect(throws: ProtobufError.truncated) { try varints.readRepeatedVarints(f1, t1, into: &values) }
        var fixed = ProtoReader(hex("0a 03 01 00 00"))
        var words: [UInt32] = []
        let (f2, t2) = try #require(try fixed.nextField())
        #expect(throws: ProtobufError.truncated) { try fixed.readRepeatedFixed32(f2, t2, into: &words) }
        var wrong = ProtoReader(hex("0d 01 00 00 00"))
        let (f3, t3) = try #require(try wrong.nextField())
        #expect(throws: ProtobufError.wrongWireType(field: 1, got: .fixed32)) { try wrong.readRepeatedVarints(f3, t3, into: &values) }
    }

    @Test func stringsMustBeUTF8() throws {
        var reader = ProtoReader(hex("0a 02 c3 28"))
        let (field, type) = try #require(try reader.nextField())
        #expect(throws: ProtobufError.invalidUTF8(field: 1)) { try reader.readString(field, type) }
        var good = ProtoReader(hex("0a 04 f0 9f 98 80"))
        let (f, t) = try #require(try good.nextField())
        #expect(try good.readString(f, t) == "😀")
    }

    @Test func readerOverSliceUsesSliceIndices() throws {
        let base = hex("ff ff 08 05")
        var reader = ProtoReader(base[2...])
        let (field, type) = try #require(try reader.nextField())
        #expect(field == 1)
        #expect(try reader.readInt32(field, type) == 5)
        #expect(reader.isAtEnd)
    }

    @Test func randomInputNeverCrashes() {
        // Deterministic xorshift bytes biased towards tag-like values, so every wire type and error path occurs.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        var accepted = 0
        var errors: Set<String> = []
        for _ in 0..<20_000 {
            let count = Int(next() % 24)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: next() % 3 == 0 ? next() % 0x30 : next()) }
            do {
                _ = try skipAll(bytes)
                accepted += 1
            } catch {
                errors.insert("\(error)".components(separatedBy: " ").prefix(2).joined(separator: " "))
            }
        }
        #expect(accepted > 100)
        #expect(errors.count >= 5, "error kinds seen: \(errors)")
    }
}
