import BridgeTestSupport
import Foundation
import Protobuf
import Testing
@testable import SocialProtocol

/// SocialBridge's codec against Google's protobuf runtime (Python, protoc from grpcio-tools compiling the
/// repository's .proto files). One Python process answers the whole suite.
@Suite(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
struct ConformanceTests {
    static let cases = SeedCases.all + BeyondSeedCases.all

    static let unknownFieldCases: [UnknownFieldsCase] = [
        .make("socialbridge.test.LegacyGetFriendsPayload", #"{"pagination":{"limit":10},"status":1}"#,
              expect: GetFriendsPayload(pagination: Pagination(limit: 10))),
        .make("socialbridge.test.LegacyGetFriendsPayload", #"{"status":2}"#, expect: GetFriendsPayload()),
        .make("socialbridge.test.UserWithExtras",
              #"{"address":"0xa","extra_fixed64":"123","extra_fixed32":7,"extra_varint":"-1","extra_bytes":"AAEC","legacy":{"a":1,"s":"x","inner":{"x":"9"}},"extra_zigzag":-3,"extra_packed":[1,-1,300]}"#,
              expect: User(address: "0xa")),
        .make("socialbridge.test.UpsertFriendshipResponseWithExtras",
              #"{"accepted":{"id":"i","created_at":"5"},"future_variant":"x","old":{"note":"n"}}"#,
              expect: UpsertFriendshipResponse(response: .accepted(.init(id: "i", createdAt: 5, friend: nil)))),
        .make("socialbridge.test.PaginatedFriendsProfilesResponseWithExtras",
              #"{"friends":[{"address":"0x1","name":"A","rating":4.5,"scores":[1,2,3],"tags":["t"]}],"pagination_data":{"total":1},"server_time":"99"}"#,
              expect: PaginatedFriendsProfilesResponse(friends: [FriendProfile(address: "0x1", name: "A")],
                                                       paginationData: PaginatedResponse(total: 1, page: 0))),
    ]

    /// Unknown fields only (no address): prepended to a known field to show order does not matter.
    static let extrasOnlyJSON = #"{"extra_fixed64":"1","legacy":{"inner":{}},"extra_packed":[5]}"#

    /// Inputs both runtimes must reject (as a `User`).
    static let malformed: [(hex: String, error: ProtobufError)] = [
        ("0a05303178", .lengthOutOfBounds(5)),             // length beyond the buffer
        ("0a", .truncated),                                // key without value
        ("0e00", .invalidWireType(6)),                     // wire type 6
        ("0f00", .invalidWireType(7)),                     // wire type 7
        ("0001", .invalidFieldNumber(0)),                  // field number 0
        ("10ffffffffffffffffff8101", .malformedVarint),    // 11-byte varint (unknown field 2)
        ("131001", .truncated),                            // group (field 2) never closed
        ("131c", .unmatchedEndGroup(field: 2)),            // group 2 closed by end tag of field 3
        ("0a02c328", .invalidUTF8(field: 1)),              // bad UTF-8 in a proto3 string
    ]

    struct Batch: Sendable {
        var decoded: [PeerReply]
        var encoded: [PeerReply]
        var unknown: [PeerReply]
        var extrasOnly: PeerReply
        var service: PeerReply
        var malformed: [PeerReply]
        var merged: PeerReply
    }

    /// A singular message field sent twice: `pagination {limit 1}` then `pagination {offset 2, limit 3}`;
    /// protobuf merges them into `{limit 3, offset 2}`.
    static let repeatedSingularHex = "0a020801" + "0a0410020803"

    static let batch: Result<Batch, any Error> = Result {
        var commands: [[String: Any]] = []
        for item in cases { commands.append(["op": "decode", "type": item.type, "hex": hexString(item.swiftBytes)]) }
        for item in cases { commands.append(["op": "encode", "type": item.type, "json": try jsonObject(item.json)]) }
        for item in unknownFieldCases { commands.append(["op": "encode", "type": item.pythonType, "json": try jsonObject(item.json)]) }
        commands.append(["op": "encode", "type": "socialbridge.test.UserWithExtras", "json": try jsonObject(extrasOnlyJSON)])
        commands.append(["op": "service", "name": "decentraland.social_service.v2.SocialService"])
        for item in malformed { commands.append(["op": "decode", "type": "decentraland.social_service.v2.User", "hex": item.hex]) }
        commands.append(["op": "decode", "type": "decentraland.social_service.v2.GetFriendsPayload", "hex": repeatedSingularHex])

        var replies = try ProtoPeer.run(commands)[...]
        func take(_ n: Int) -> [PeerReply] { defer { replies = replies.dropFirst(n) }; return Array(replies.prefix(n)) }
        let decoded = take(cases.count), encoded = take(cases.count), unknown = take(unknownFieldCases.count)
        let extrasOnly = take(1)[0], service = take(1)[0]
        let malformedReplies = take(malformed.count)
        return Batch(decoded: decoded, encoded: encoded, unknown: unknown, extrasOnly: extrasOnly, service: service,
                     malformed: malformedReplies, merged: take(1)[0])
    }

    private static func jsonObject(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func everyMessageTypeIsCovered() throws {
        let batch = try Self.batch.get()
        // Every message of the service block appears as a case (inputs and outputs of all 33 rpcs).
        let covered = Set(Self.cases.map(\.type))
        for method in batch.service.methods {
            #expect(covered.contains(method.input), "no case for \(method.input)")
            #expect(covered.contains(method.output), "no case for \(method.output)")
        }
    }

    @Test func swiftBytesDecodeInPythonToTheExpectedValues() throws {
        let batch = try Self.batch.get()
        for (index, item) in Self.cases.enumerated() {
            let decoded = batch.decoded[index], expected = batch.encoded[index]
            #expect(decoded.ok, "\(item): Python could not decode: \(decoded.error ?? "")")
            #expect(expected.ok, "\(item): expected JSON rejected: \(expected.error ?? "")")
            #expect(decoded.canonical == expected.canonical, "\(item)")
            #expect(decoded.oneofs == expected.oneofs, "\(item): oneof cases differ")
        }
    }

    @Test func pythonBytesDecodeInSwiftToEqualValues() throws {
        let batch = try Self.batch.get()
        for (index, item) in Self.cases.enumerated() {
            let bytes = try #require(batch.encoded[index].hex.flatMap { decodeHex($0) }, "\(item)")
            #expect(try item.decodesToValue(bytes), "\(item): Swift decodes Python's bytes to another value")
        }
    }

    @Test func bytesAreIdenticalToPythons() throws {
        // Both write fields in ascending number order and omit implicit defaults, so bytes match exactly.
        let batch = try Self.batch.get()
        for (index, item) in Self.cases.enumerated() {
            #expect(hexString(item.swiftBytes) == batch.encoded[index].hex, "\(item)")
        }
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let batch = try Self.batch.get()
        for (index, item) in Self.unknownFieldCases.enumerated() {
            let reply = batch.unknown[index]
            #expect(reply.ok, "\(item): \(reply.error ?? "")")
            let bytes = try #require(reply.hex.flatMap { decodeHex($0) })
            #expect(try item.decodesToExpected(bytes), "\(item)")
        }
        let extras = try #require(batch.extrasOnly.hex.flatMap { decodeHex($0) })
        #expect(extras.contains(0xC3), "expected a group start tag (field 24) in \(hexString(extras))")
        #expect(try User(serializedBytes: extras + User(address: "0xa").serializedBytes()) == User(address: "0xa"))
        #expect(try User(serializedBytes: User(address: "0xa").serializedBytes() + extras) == User(address: "0xa"))
    }

    @Test func serviceBlockMatchesProcedureList() throws {
        let service = try Self.batch.get().service
        #expect(service.ok, "\(service.error ?? "")")
        #expect(service.methods.map(\.name) == SocialServiceProcedures.names)
        #expect(service.methods.map(\.serverStreaming) == SocialServiceProcedures.all.map { $0.kind == .serverStream })
    }

    @Test func malformedInputIsRejectedByBoth() throws {
        let batch = try Self.batch.get()
        for (index, item) in Self.malformed.enumerated() {
            #expect(!batch.malformed[index].ok, "Python accepted \(item.hex)")
            #expect(throws: item.error, "\(item.hex)") { try User(serializedBytes: decodeHex(item.hex) ?? []) }
        }
    }

    @Test func repeatedSingularMessageFieldsMergeLikeProtobuf() throws {
        let merged = try Self.batch.get().merged
        #expect(merged.canonical == #"{"pagination": {"limit": 3, "offset": 2}}"#)
        let ours = try GetFriendsPayload(serializedBytes: try #require(decodeHex(Self.repeatedSingularHex)))
        #expect(ours == GetFriendsPayload(pagination: Pagination(limit: 3, offset: 2)))
    }
}
