import BridgeJSON
import BridgeTestSupport
import Foundation
import Protobuf
import Testing
@testable import SocialProtocol

/// The generated descriptor tables and the JSON mapping `social-bridge call` uses.
@Suite struct SocialServiceSchemaTests {
    @Test func proceduresMatchTheServiceList() {
        #expect(SocialServiceSchema.procedures.map(\.name) == SocialServiceProcedures.names)
        for (procedure, known) in zip(SocialServiceSchema.procedures, SocialServiceProcedures.all) {
            #expect(procedure.serverStreaming == (known.kind == .serverStream), "\(procedure.name)")
        }
    }

    @Test func everyReferencedTypeResolves() {
        let schema = SocialServiceSchema.schema
        for procedure in SocialServiceSchema.procedures {
            #expect(schema.messages[procedure.input] != nil, "\(procedure.input)")
            #expect(schema.messages[procedure.output] != nil, "\(procedure.output)")
        }
        for message in schema.messages.values {
            for field in message.fields {
                switch field.type {
                case .message(let name): #expect(schema.messages[name] != nil, "\(message.name).\(field.name) → \(name)")
                case .enumeration(let name): #expect(schema.enums[name] != nil, "\(message.name).\(field.name) → \(name)")
                case .scalar: break
                }
            }
        }
    }

    /// Every conformance case's Google-runtime JSON encodes to the bytes the hand-written messages write,
    /// and those bytes decode back to JSON that encodes the same again.
    @Test(arguments: SeedCases.all + BeyondSeedCases.all)
    func jsonMappingAgreesWithTheHandWrittenCodec(testCase: ConformanceCase) throws {
        let codec = SocialServiceSchema.codec
        let bytes = try codec.encode(try JSON(parsing: testCase.json), as: testCase.type)
        #expect(bytes == testCase.swiftBytes, "\(testCase)")
        #expect(try testCase.decodesToValue(bytes))
        let decoded = try codec.decode(testCase.swiftBytes, as: testCase.type)
        #expect(try codec.encode(decoded, as: testCase.type) == testCase.swiftBytes, "\(testCase): \(decoded.serialized())")
    }

    @Test func decodedResponsesReadLikeTheProto() throws {
        let response = PaginatedFriendsProfilesResponse(
            friends: [FriendProfile(address: "0xa", name: "A")], paginationData: PaginatedResponse(total: 1, page: 1))
        let json = try SocialServiceSchema.codec.decode(response.serializedBytes(), as: "decentraland.social_service.v2.PaginatedFriendsProfilesResponse")
        #expect(json.serialized() == #"{"friends":[{"address":"0xa","name":"A","has_claimed_name":false,"profile_picture_url":""}],"pagination_data":{"total":1,"page":1}}"#)
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func generatedTablesAreCurrent() throws {
        let python = try #require(TestEnvironment.python)
        let root = TestEnvironment.repositoryRoot
        let result = try ProcessRunner.run(python, [root.appendingPathComponent("Tests/Support/gen_proto_schema.py").path, "--check"])
        try #require(result.status == 0, "\(result.stderr)")
        let checkedIn = try String(contentsOf: root.appendingPathComponent("Sources/SocialProtocol/SocialServiceSchema+Generated.swift"), encoding: .utf8)
        #expect(result.stdout == checkedIn, "run Tests/Support/gen_proto_schema.py with the test virtualenv's python")
    }
}
