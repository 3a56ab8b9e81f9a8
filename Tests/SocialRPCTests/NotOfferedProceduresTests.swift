import Testing
import Protobuf
@testable import SocialRPC

@Suite struct NotOfferedProceduresTests {
    @Test func twentyProceduresInDeclarationOrder() {
        let names = NotOfferedProcedures.all.map(\.name)
        #expect(names.count == 20 && Set(names).count == 20)
        #expect(names.first == "GetSocialSettings" && names.last == "MuteSpeakerFromCommunityVoiceChat")
        let streams = NotOfferedProcedures.all.filter { if case .streamClosed = $0.answer { return true } else { return false } }
        #expect(streams.map(\.name) == [
            "SubscribeToCommunityMemberConnectivityUpdates", "SubscribeToPrivateVoiceChatUpdates", "SubscribeToCommunityVoiceChatUpdates",
        ])
    }

    @Test func answersEncodeAsTheErrorVariant() throws {
        let unary = NotOfferedAnswer(field: 2, message: "x", messageField: 1)
        #expect(unary.serializedBytes() == [0x12, 0x03, 0x0A, 0x01, 0x78])
        let closed = NotOfferedAnswer(field: 4, message: "x", messageField: 2)
        #expect(closed.serializedBytes() == [0x22, 0x03, 0x12, 0x01, 0x78])
        #expect(try NotOfferedAnswer(serializedBytes: closed.serializedBytes()) == closed)
        #expect(NotOfferedProcedures.message(for: "GetSocialSettings").hasPrefix("GetSocialSettings is not offered by this server"))
    }

    @Test func ignoredPayloadSkipsAnythingWellFormedAndRejectsGarbage() throws {
        _ = try IgnoredPayload(serializedBytes: [0x0A, 0x02, 0x68, 0x69, 0x10, 0x01, 0x1D, 0, 0, 0, 0])
        #expect(throws: ProtobufError.self) { try IgnoredPayload(serializedBytes: [0x0A, 0x05, 0x68]) }
    }
}
