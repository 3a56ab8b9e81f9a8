import BridgeTestSupport
import Foundation
import Protobuf
import Testing

/// The codec's scalar encodings against Google's protobuf runtime (Tests/Support/proto_scalars.proto).
@Suite(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
struct ScalarConformanceTests {
    static let extremes: Scalars = {
        var m = Scalars()
        m.i32 = Int32.min
        m.i64 = Int64.min
        m.u32 = UInt32.max
        m.u64 = UInt64.max
        m.s32 = Int32.min
        m.s64 = Int64.max
        m.f32 = 0xDEAD_BEEF
        m.f64 = UInt64.max
        m.sf32 = -2
        m.sf64 = Int64.min
        m.fl = -1.5
        m.db = 1e300
        m.b = true
        m.s = "héllo 🌍"
        m.by = [0, 1, 0xFF]
        m.rI32 = [-1, 0, 1, Int32.max]
        m.rS64 = [-64, 63, Int64.min]
        m.rF32 = [1, 0, UInt32.max]
        m.rDb = [0.5, -3.75, 2]
        m.rB = [true, false, true]
        m.rS = ["", "x"]
        m.maxField = -7
        return m
    }()

    static let extremesJSON = #"""
    {"i32":-2147483648,"i64":"-9223372036854775808","u32":4294967295,"u64":"18446744073709551615","s32":-2147483648,
     "s64":"9223372036854775807","f32":3735928559,"f64":"18446744073709551615","sf32":-2,"sf64":"-9223372036854775808",
     "fl":-1.5,"db":1e300,"b":true,"s":"héllo 🌍","by":"AAH/","r_i32":[-1,0,1,2147483647],"r_s64":["-64","63","-9223372036854775808"],
     "r_f32":[1,0,4294967295],"r_db":[0.5,-3.75,2.0],"r_b":[true,false,true],"r_s":["","x"],"max_field":-7}
    """#

    static let small: Scalars = {
        var m = Scalars()
        m.i32 = 1
        m.s32 = -1
        m.u64 = 300
        return m
    }()

    static let unpackedJSON = #"{"r_i32":[-1,5],"r_s64":["-3"],"r_f32":[7,8],"r_db":[1.25],"r_b":[false,true]}"#

    static let replies: Result<[PeerReply], any Error> = Result {
        func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
        return try ProtoPeer.run([
            ["op": "decode", "type": "socialbridge.test.Scalars", "hex": hexText(extremes.serializedBytes())],
            ["op": "encode", "type": "socialbridge.test.Scalars", "json": try json(extremesJSON)],
            ["op": "decode", "type": "socialbridge.test.Scalars", "hex": hexText(small.serializedBytes())],
            ["op": "encode", "type": "socialbridge.test.Scalars", "json": try json(#"{"i32":1,"s32":-1,"u64":"300"}"#)],
            ["op": "encode", "type": "socialbridge.test.UnpackedScalars", "json": try json(unpackedJSON)],
            ["op": "decode", "type": "socialbridge.test.Scalars", "hex": ""],
        ])
    }

    @Test func ourBytesDecodeInPython() throws {
        let replies = try Self.replies.get()
        #expect(replies[0].ok, "\(replies[0].error ?? "")")
        #expect(replies[0].canonical == replies[1].canonical)
        #expect(replies[2].canonical == replies[3].canonical)
        #expect(replies[5].canonical == "{}")
    }

    @Test func pythonBytesDecodeHereAndMatchOurs() throws {
        let replies = try Self.replies.get()
        let bytes = try #require(replies[1].hex.flatMap(decodeHex))
        #expect(bytes == Self.extremes.serializedBytes(), "byte-for-byte equal to protobuf's own encoding")
        let decoded = try Scalars(serializedBytes: bytes)
        #expect(decoded.serializedBytes() == bytes)
        #expect(decoded.i32 == Int32.min && decoded.u64 == UInt64.max && decoded.s64 == Int64.max && decoded.maxField == -7)
        #expect(decoded.rDb == [0.5, -3.75, 2])
        #expect(replies[3].hex == Self.hexText(Self.small.serializedBytes()))
    }

    @Test func unpackedRepeatedFromPythonIsRead() throws {
        let replies = try Self.replies.get()
        let bytes = try #require(replies[4].hex.flatMap(decodeHex))
        let decoded = try Scalars(serializedBytes: bytes)
        #expect(decoded.rI32 == [-1, 5])
        #expect(decoded.rS64 == [-3])
        #expect(decoded.rF32 == [7, 8])
        #expect(decoded.rDb == [1.25])
        #expect(decoded.rB == [false, true])
        // Unpacked on the wire: field 16 appears once per element.
        #expect(bytes.filter { $0 == 0x80 }.count >= 2)
    }

    private static func hexText(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
