import Protobuf

/// A small message for the test procedures: `text` (1, string) and `number` (2, int64).
struct TestEcho: ProtoMessage {
    var text = ""
    var number: Int64 = 0

    init() {}
    init(text: String = "", number: Int64 = 0) {
        self.text = text
        self.number = number
    }

    init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: text = try reader.readString(field, type)
            case 2: number = try reader.readInt64(field, type)
            default: try reader.skip(type)
            }
        }
    }

    func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: text, field: 1)
        writer.writeIfNotDefault(int64: number, field: 2)
    }
}

/// `google.protobuf.Empty` for the tests.
struct TestEmpty: ProtoMessage {
    init() {}
    init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (_, type) = try reader.nextField() { try reader.skip(type) }
    }
    func encode(to writer: inout ProtoWriter) {}
}
