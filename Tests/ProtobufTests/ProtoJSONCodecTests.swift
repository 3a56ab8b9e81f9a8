import BridgeJSON
import Protobuf
import Testing

/// The schema-driven JSON mapping on a small schema that has every feature the codec handles.
@Suite struct ProtoJSONCodecTests {
    static let schema = ProtoSchema(messages: [
        ProtoMessageSchema("t.Inner", [.init("name", 1, .scalar(.string)), .init("count", 2, .scalar(.int32))]),
        ProtoMessageSchema("t.Outer", [
            .init("id", 1, .scalar(.string)),
            .init("stamp", 2, .scalar(.int64)),
            .init("flag", 3, .scalar(.bool)),
            .init("ratio", 4, .scalar(.double)),
            .init("kind", 5, .enumeration("t.Kind")),
            .init("inner", 6, .message("t.Inner")),
            .init("items", 7, .message("t.Inner"), .repeated),
            .init("numbers", 8, .scalar(.int32), .repeated),
            .init("note", 9, .scalar(.string), .optional),
            .init("left", 10, .scalar(.string), oneof: "side"),
            .init("right", 11, .message("t.Inner"), oneof: "side"),
            .init("data", 12, .scalar(.bytes)),
            .init("small", 13, .scalar(.sint32)),
            .init("unsigned", 14, .scalar(.uint64)),
            .init("fixed", 15, .scalar(.fixed32)),
            .init("single", 16, .scalar(.float)),
            .init("tags", 17, .scalar(.string), .repeated),
        ]),
        ProtoMessageSchema("t.Empty", []),
    ], enums: [ProtoEnumSchema("t.Kind", [("NONE", 0), ("SOME", 1), ("MANY", 2)])])
    let codec = ProtoJSONCodec(schema: Self.schema)

    func json(_ text: String) throws -> JSON { try JSON(parsing: text) }

    @Test func encodesLikeGeneratedCode() throws {
        // Defaults without presence are not written; packed repeated numbers; declaration order.
        let bytes = try codec.encode(json("""
            {"numbers": [1, 2, 300], "id": "x", "stamp": "1700000000000", "flag": false, "kind": "SOME",
             "inner": {}, "note": "", "small": -1, "unsigned": "18446744073709551615", "fixed": 7, "data": "AAE="}
            """), as: "t.Outer")
        var expected = ProtoWriter()
        expected.write(string: "x", field: 1)
        expected.write(int64: 1_700_000_000_000, field: 2)
        expected.write(enum: 1, field: 5)
        expected.write(bytes: [], field: 6)
        expected.writePacked(varints: [1, 2, 300], field: 8)
        expected.write(string: "", field: 9)
        expected.write(bytes: [0, 1], field: 12)
        expected.write(sint32: -1, field: 13)
        expected.write(uint64: UInt64.max, field: 14)
        expected.write(fixed32: 7, field: 15)
        #expect(bytes == expected.bytes)
    }

    @Test func decodesWithDefaultsAndPresence() throws {
        var writer = ProtoWriter()
        writer.write(int64: -5, field: 2)
        writer.write(enum: 9, field: 5)  // unknown enum value: kept as a number
        writer.write(bytes: ProtoWriter.encoded { $0.write(string: "a", field: 1) }, field: 7)
        writer.write(bytes: ProtoWriter.encoded { $0.write(int32: 2, field: 2) }, field: 7)
        writer.write(int32: 4, field: 8)  // unpacked element accepted
        writer.writePacked(varints: [5, 6], field: 8)
        writer.write(string: "r", field: 10)
        writer.write(bytes: ProtoWriter.encoded { $0.write(string: "n", field: 1) }, field: 11)  // later oneof member wins
        writer.write(uint64: 99, field: 99)  // unknown field: skipped
        writer.write(double: 0.5, field: 4)
        let decoded = try codec.decode(writer.bytes, as: "t.Outer")
        #expect(decoded.serialized() == """
            {"id":"","stamp":-5,"flag":false,"ratio":0.5,"kind":9,"items":[{"name":"a","count":0},{"name":"","count":2}],\
            "numbers":[4,5,6],"right":{"name":"n","count":0},"data":"","small":0,"unsigned":0,"fixed":0,"single":0,"tags":[]}
            """)
    }

    @Test func roundTripsThroughBytes() throws {
        let text = """
            {"id":"é","stamp":-9007199254740993,"flag":true,"ratio":1.25,"kind":"MANY","inner":{"name":"in","count":-3},\
            "items":[{"name":"a","count":1}],"numbers":[-1,0,2147483647],"note":"n","left":"l","data":"/+8=","small":-2,\
            "unsigned":18446744073709551615,"fixed":4294967295,"single":0.5,"tags":["x","y"]}
            """
        let bytes = try codec.encode(json(text), as: "t.Outer")
        #expect(try codec.decode(bytes, as: "t.Outer").serialized() == text)
        // Sub-messages split over two occurrences merge (protobuf's rule).
        var split = ProtoWriter()
        split.write(bytes: ProtoWriter.encoded { $0.write(string: "a", field: 1) }, field: 6)
        split.write(bytes: ProtoWriter.encoded { $0.write(int32: 5, field: 2) }, field: 6)
        #expect(try codec.decode(split.bytes, as: "t.Outer")["inner"] == json(#"{"name":"a","count":5}"#))
    }

    @Test func lowerCamelNamesAreAcceptedToo() throws {
        let schema = ProtoSchema(messages: [ProtoMessageSchema("t.P", [.init("pagination_data", 1, .scalar(.int32))])], enums: [])
        let codec = ProtoJSONCodec(schema: schema)
        #expect(try codec.encode(json(#"{"paginationData": 3}"#), as: "t.P") == codec.encode(json(#"{"pagination_data": 3}"#), as: "t.P"))
    }

    @Test(arguments: [
        (#"{"nope": 1}"#, "$: unknown field 'nope' in Outer (fields: id, stamp, flag, ratio, kind, inner, items, numbers, note, left, right, data, small, unsigned, fixed, single, tags)"),
        (#"{"inner": {"name": 3}}"#, "$.inner.name: expected a string, got a number"),
        (#"{"stamp": 1.5}"#, "$.stamp: expected an integer in -9223372036854775808…9223372036854775807 (int64), got 1.5"),
        (#"{"items": [{"count": 2147483648}]}"#, "$.items[0].count: expected an integer in -2147483648…2147483647 (int32), got 2147483648"),
        (#"{"kind": "LOTS"}"#, "$.kind: 'LOTS' is not a value of Kind; expected one of: NONE, SOME, MANY"),
        (#"{"left": "a", "right": {}}"#, "$: 'left' and 'right' are members of the oneof 'side': give one"),
        (#"{"flag": "true"}"#, "$.flag: expected true or false, got a string"),
        (#"{"numbers": 1}"#, "$.numbers: expected an array, got a number"),
        (#"{"unsigned": -1}"#, "$.unsigned: expected an integer in 0…18446744073709551615 (uint64), got -1"),
        (#"{"data": "***"}"#, "$.data: expected base64 text"),
        (#"[]"#, "$: expected an object (Outer), got an array"),
    ] as [(String, String)])
    func badPayloadsNameThePath(text: String, message: String) throws {
        let payload = try json(text)
        do {
            _ = try codec.encode(payload, as: "t.Outer")
            Issue.record("encoded \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func nullMeansAbsentAndEmptyMessagesEncodeEmpty() throws {
        #expect(try codec.encode(json(#"{"id": null, "inner": null}"#), as: "t.Outer").isEmpty)
        #expect(try codec.encode(json("{}"), as: "t.Empty").isEmpty)
        #expect(try codec.decode([], as: "t.Empty") == .object([]))
        #expect(throws: ProtoJSONError.self) { try codec.encode(json(#"{"x": 1}"#), as: "t.Empty") }
    }

    @Test func aKnownNumberWithAnotherWireTypeIsSkippedAsUnknown() throws {
        // stamp (int64) as length-delimited, inner (message) as a varint: both ignored, as Google's runtimes do.
        let decoded = try codec.decode([0x12, 0x01, 0x00, 0x30, 0x01, 0x0A, 0x01, 0x61], as: "t.Outer")
        #expect(decoded["id"] == .string("a"))
        #expect(decoded["stamp"] == .number("0"))
        #expect(decoded["inner"] == nil)
    }

    @Test func malformedWireBytesAreErrorsNotCrashes() {
        for bytes: [UInt8] in [[0x0A], [0x0A, 0x05, 0x01], [0x12, 0x05, 0x00], [0x0A, 0x02, 0xFF, 0xFE], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]] {
            #expect(throws: ProtoJSONError.self) { try codec.decode(bytes, as: "t.Outer") }
        }
    }
}

extension ProtoWriter {
    /// The bytes `body` writes.
    static func encoded(_ body: (inout ProtoWriter) -> Void) -> [UInt8] {
        var writer = ProtoWriter()
        body(&writer)
        return writer.bytes
    }
}
