import Protobuf

/// `socialbridge.test.Scalars` (Tests/Support/proto_scalars.proto): every scalar type the codec writes.
struct Scalars: ProtoMessage {
    var i32: Int32 = 0
    var i64: Int64 = 0
    var u32: UInt32 = 0
    var u64: UInt64 = 0
    var s32: Int32 = 0
    var s64: Int64 = 0
    var f32: UInt32 = 0
    var f64: UInt64 = 0
    var sf32: Int32 = 0
    var sf64: Int64 = 0
    var fl: Float = 0
    var db: Double = 0
    var b: Bool = false
    var s: String = ""
    var by: [UInt8] = []
    var rI32: [Int32] = []
    var rS64: [Int64] = []
    var rF32: [UInt32] = []
    var rDb: [Double] = []
    var rB: [Bool] = []
    var rS: [String] = []
    var maxField: Int32 = 0

    init() {}

    init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        var varints: [UInt64] = [], words: [UInt32] = [], longs: [UInt64] = []
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: i32 = try reader.readInt32(field, type)
            case 2: i64 = try reader.readInt64(field, type)
            case 3: u32 = try reader.readUInt32(field, type)
            case 4: u64 = try reader.readUInt64(field, type)
            case 5: s32 = try reader.readSInt32(field, type)
            case 6: s64 = try reader.readSInt64(field, type)
            case 7: f32 = try reader.readFixed32(field, type)
            case 8: f64 = try reader.readFixed64(field, type)
            case 9: sf32 = try reader.readSFixed32(field, type)
            case 10: sf64 = try reader.readSFixed64(field, type)
            case 11: fl = try reader.readFloat(field, type)
            case 12: db = try reader.readDouble(field, type)
            case 13: b = try reader.readBool(field, type)
            case 14: s = try reader.readString(field, type)
            case 15: by = try reader.readBytes(field, type)
            case 16:
                varints.removeAll(keepingCapacity: true)
                try reader.readRepeatedVarints(field, type, into: &varints)
                rI32 += varints.map { Int32(truncatingIfNeeded: $0) }
            case 17:
                varints.removeAll(keepingCapacity: true)
                try reader.readRepeatedVarints(field, type, into: &varints)
                rS64 += varints.map(ProtoReader.unzigzag64)
            case 18: try reader.readRepeatedFixed32(field, type, into: &words)
            case 19:
                longs.removeAll(keepingCapacity: true)
                try reader.readRepeatedFixed64(field, type, into: &longs)
                rDb += longs.map(Double.init(bitPattern:))
            case 20:
                varints.removeAll(keepingCapacity: true)
                try reader.readRepeatedVarints(field, type, into: &varints)
                rB += varints.map { $0 != 0 }
            case 21: rS.append(try reader.readString(field, type))
            case 536_870_911: maxField = try reader.readInt32(field, type)
            default: try reader.skip(type)
            }
        }
        rF32 = words
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(int32: i32, field: 1)
        writer.writeIfNotDefault(int64: i64, field: 2)
        writer.writeIfNotDefault(uint32: u32, field: 3)
        writer.writeIfNotDefault(uint64: u64, field: 4)
        writer.writeIfNotDefault(sint32: s32, field: 5)
        writer.writeIfNotDefault(sint64: s64, field: 6)
        writer.writeIfNotDefault(fixed32: f32, field: 7)
        writer.writeIfNotDefault(fixed64: f64, field: 8)
        if sf32 != 0 { writer.write(sfixed32: sf32, field: 9) }
        if sf64 != 0 { writer.write(sfixed64: sf64, field: 10) }
        writer.writeIfNotDefault(float: fl, field: 11)
        writer.writeIfNotDefault(double: db, field: 12)
        writer.writeIfNotDefault(bool: b, field: 13)
        writer.writeIfNotDefault(string: s, field: 14)
        writer.writeIfNotDefault(bytes: by, field: 15)
        writer.writePacked(varints: rI32.map { UInt64(bitPattern: Int64($0)) }, field: 16)
        writer.writePacked(varints: rS64.map(ProtoWriter.zigzag64), field: 17)
        writer.writePacked(fixed32: rF32, field: 18)
        writer.writePacked(fixed64: rDb.map(\.bitPattern), field: 19)
        writer.writePacked(varints: rB.map { $0 ? 1 : 0 }, field: 20)
        for value in rS { writer.write(string: value, field: 21) }
        writer.writeIfNotDefault(int32: maxField, field: 536_870_911)
    }
}
