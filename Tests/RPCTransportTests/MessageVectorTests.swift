import Protobuf
import Testing
@testable import RPCTransport

/// The §1.11 byte-level examples, both directions.
@Suite struct MessageVectorTests {
    private func hex(_ text: String) -> [UInt8] {
        text.split(separator: " ").compactMap { UInt8($0, radix: 16) }
    }

    private func roundTrip<M: ProtoMessage>(_ message: M, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(message.serializedBytes() == bytes, sourceLocation: sourceLocation)
        #expect(try M(serializedBytes: bytes) == message, sourceLocation: sourceLocation)
    }

    @Test func serverReady() throws {
        try roundTrip(RpcMessageHeader.serverReady, hex("0D 00 00 00 58"))
        #expect(MessageIdentifier.make(.serverReady, 0) == 0x5800_0000)
    }

    @Test func createPort() throws {
        try roundTrip(
            CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "social_service"),
            hex("0D 01 00 00 28 22 0E 73 6F 63 69 61 6C 5F 73 65 72 76 69 63 65"))
    }

    @Test func createPortResponse() throws {
        try roundTrip(
            CreatePortResponse(messageIdentifier: MessageIdentifier.make(.createPortResponse, 1), portID: 7),
            hex("0D 01 00 00 30 15 07 00 00 00"))
    }

    @Test func requestModule() throws {
        try roundTrip(
            RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: 7, moduleName: "SocialService"),
            hex("0D 02 00 00 38 15 07 00 00 00 22 0D") + Array("SocialService".utf8))
    }

    @Test func requestModuleResponse() throws {
        let procedures = [ModuleProcedure(procedureID: 1, procedureName: "GetFriends"),
                          ModuleProcedure(procedureID: 2, procedureName: "GetMutualFriends")]
        let bytes = hex("0D 02 00 00 40 15 07 00 00 00")
            + hex("2A 11 0D 01 00 00 00 12 0A") + Array("GetFriends".utf8)
            + hex("2A 17 0D 02 00 00 00 12 10") + Array("GetMutualFriends".utf8)
        try roundTrip(
            RequestModuleResponse(messageIdentifier: MessageIdentifier.make(.requestModuleResponse, 2), portID: 7, procedures: procedures),
            bytes)
    }

    @Test func unaryRequestWithEmptyPayload() throws {
        try roundTrip(
            Request(messageIdentifier: MessageIdentifier.make(.request, 3), portID: 7, procedureID: 1),
            hex("0D 03 00 00 08 15 07 00 00 00 25 01 00 00 00"))
    }

    @Test func response() throws {
        let payload = TestEcho(text: "hi").serializedBytes()
        try roundTrip(
            Response(messageIdentifier: MessageIdentifier.make(.response, 3), payload: payload),
            hex("0D 03 00 00 10 32") + [UInt8(payload.count)] + payload)
        // An empty payload is omitted.
        try roundTrip(Response(messageIdentifier: MessageIdentifier.make(.response, 3), payload: []), hex("0D 03 00 00 10"))
    }

    @Test func streamFrames() throws {
        let id = MessageIdentifier.make(.streamMessage, 4)
        try roundTrip(StreamMessage(messageIdentifier: id, portID: 7), hex("0D 04 00 00 18 15 07 00 00 00"))
        try roundTrip(
            StreamMessage(messageIdentifier: MessageIdentifier.make(.streamAck, 4), portID: 7, ack: true),
            hex("0D 04 00 00 20 15 07 00 00 00 40 01"))
        let payload = TestEcho(text: "x").serializedBytes()
        try roundTrip(
            StreamMessage(messageIdentifier: id, portID: 7, sequenceID: 1, payload: payload),
            hex("0D 04 00 00 18 15 07 00 00 00 25 01 00 00 00 32") + [UInt8(payload.count)] + payload)
        try roundTrip(
            StreamMessage(messageIdentifier: id, portID: 7, sequenceID: 1, closed: true),
            hex("0D 04 00 00 18 15 07 00 00 00 25 01 00 00 00 38 01"))
    }

    @Test func remoteError() throws {
        try roundTrip(
            RemoteError(messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, 5), errorMessage: "boom"),
            hex("0D 05 00 00 48 1A 04 62 6F 6F 6D"))
    }

    @Test func destroyPort() throws {
        try roundTrip(
            DestroyPort(messageIdentifier: MessageIdentifier.make(.destroyPort, 0), portID: 7),
            hex("0D 00 00 00 50 15 07 00 00 00"))
    }

    @Test func identifierPacking() {
        for type in RpcMessageTypes.allCases {
            let id = MessageIdentifier.make(type, 0x0123_4567)
            #expect(MessageIdentifier.type(of: id) == type)
            #expect(MessageIdentifier.number(of: id) == 0x0123_4567)
            #expect(id & 0x8000_0000 == 0)
        }
        #expect(MessageIdentifier.type(of: MessageIdentifier.make(rawType: 12, 1)) == nil)
        #expect(MessageIdentifier.number(of: MessageIdentifier.make(.request, 0xFFFF_FFFF)) == MessageIdentifier.maxMessageNumber)
    }

    @Test func decodersSkipUnknownFieldsAndAcceptAnyOrder() throws {
        // port_id before message_identifier, plus an unknown varint field 9 and an unknown string field 10.
        let bytes = hex("15 07 00 00 00 48 96 01 0D 01 00 00 30 52 02 68 69")
        #expect(try CreatePortResponse(serializedBytes: bytes) == CreatePortResponse(
            messageIdentifier: MessageIdentifier.make(.createPortResponse, 1), portID: 7))
    }

    @Test func malformedInputThrowsTypedErrors() {
        #expect(throws: ProtobufError.truncated) { try RpcMessageHeader(serializedBytes: hex("0D 00 00")) }
        #expect(throws: ProtobufError.wrongWireType(field: 1, got: .varint)) { try RpcMessageHeader(serializedBytes: hex("08 01")) }
        #expect(throws: ProtobufError.lengthOutOfBounds(100)) { try Request(serializedBytes: hex("32 64 01")) }
        #expect(throws: ProtobufError.invalidUTF8(field: 4)) { try CreatePort(serializedBytes: hex("22 01 FF")) }
    }

    @Test func closeCodes() {
        #expect(RPCCloseCode.unauthorized.code == 3003 && RPCCloseCode.unauthorized.reason == "Unauthorized")
        #expect(RPCCloseCode.authorizationTimeout.code == 3004 && RPCCloseCode.authorizationTimeout.reason == "Authorization timeout")
        #expect(RPCCloseCode.transportClosed.code == 1011 && RPCCloseCode.transportClosed.reason == "RPC transport closed")
    }

    @Test func serviceIdsFollowRegistrationOrder() {
        let fixture = TestFixture()
        #expect(fixture.service.procedureNames == TestProcedure.names)
        #expect(fixture.service.procedure(id: 0) == nil)
        #expect(fixture.service.procedure(id: 1)?.name == "Echo")
        #expect(fixture.service.procedure(id: 33)?.name == "Filler33")
        #expect(fixture.service.procedure(id: 34) == nil)
        #expect(fixture.service.procedure(id: UInt32.max) == nil)
    }
}
