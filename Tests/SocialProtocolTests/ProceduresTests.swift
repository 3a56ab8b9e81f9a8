import Testing
@testable import SocialProtocol

@Suite struct ProceduresTests {
    @Test func thirtyThreeInDeclarationOrder() {
        #expect(SocialServiceProcedures.names.count == 33)
        #expect(Set(SocialServiceProcedures.names).count == 33)
        #expect(SocialServiceProcedures.names.first == "GetFriends")
        #expect(SocialServiceProcedures.names[4] == "UpsertFriendship")
        #expect(SocialServiceProcedures.names.last == "MuteSpeakerFromCommunityVoiceChat")
        #expect(SocialServiceProcedures.id(of: "SubscribeToFriendshipUpdates") == 6)
        #expect(SocialServiceProcedures.id(of: "Nope") == nil)
    }

    @Test func seedAndKinds() {
        let seed = SocialServiceProcedures.all.filter(\.isSeed)
        #expect(seed.count == 13)
        #expect(seed.map(\.name) == Array(SocialServiceProcedures.names.prefix(13)))
        let streams = SocialServiceProcedures.all.filter { $0.kind == .serverStream }.map(\.name)
        #expect(streams == [
            "SubscribeToFriendshipUpdates", "SubscribeToFriendConnectivityUpdates", "SubscribeToBlockUpdates",
            "SubscribeToCommunityMemberConnectivityUpdates", "SubscribeToPrivateVoiceChatUpdates",
            "SubscribeToCommunityVoiceChatUpdates",
        ])
    }
}
