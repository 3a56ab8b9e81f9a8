/// The rpcs of `service SocialService` (spec §2.2), in declaration order: procedure id = index + 1.
public enum SocialServiceProcedures {
    /// How a procedure answers.
    public enum Kind: Sendable, Equatable {
        /// One request, one response.
        case unary
        /// One request, a stream of elements.
        case serverStream
    }

    /// One rpc of the service.
    public struct Procedure: Sendable, Equatable {
        /// The `procedure_name` on the wire.
        public let name: String
        /// Unary or server stream.
        public let kind: Kind
        /// Part of the friendships-and-blocks seed set served in full; the others answer with an error variant.
        public let isSeed: Bool

        /// An entry of the procedure list.
        public init(name: String, kind: Kind, isSeed: Bool) {
            self.name = name
            self.kind = kind
            self.isSeed = isSeed
        }
    }

    /// The module name clients request (`REQUEST_MODULE`).
    public static let moduleName = "SocialService"

    /// All 33 procedures in declaration order.
    public static let all: [Procedure] = [
        Procedure(name: "GetFriends", kind: .unary, isSeed: true),
        Procedure(name: "GetMutualFriends", kind: .unary, isSeed: true),
        Procedure(name: "GetPendingFriendshipRequests", kind: .unary, isSeed: true),
        Procedure(name: "GetSentFriendshipRequests", kind: .unary, isSeed: true),
        Procedure(name: "UpsertFriendship", kind: .unary, isSeed: true),
        Procedure(name: "SubscribeToFriendshipUpdates", kind: .serverStream, isSeed: true),
        Procedure(name: "GetFriendshipStatus", kind: .unary, isSeed: true),
        Procedure(name: "SubscribeToFriendConnectivityUpdates", kind: .serverStream, isSeed: true),
        Procedure(name: "BlockUser", kind: .unary, isSeed: true),
        Procedure(name: "UnblockUser", kind: .unary, isSeed: true),
        Procedure(name: "GetBlockedUsers", kind: .unary, isSeed: true),
        Procedure(name: "GetBlockingStatus", kind: .unary, isSeed: true),
        Procedure(name: "SubscribeToBlockUpdates", kind: .serverStream, isSeed: true),
        Procedure(name: "GetSocialSettings", kind: .unary, isSeed: false),
        Procedure(name: "UpsertSocialSettings", kind: .unary, isSeed: false),
        Procedure(name: "GetPrivateMessagesSettings", kind: .unary, isSeed: false),
        Procedure(name: "SubscribeToCommunityMemberConnectivityUpdates", kind: .serverStream, isSeed: false),
        Procedure(name: "StartPrivateVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "AcceptPrivateVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "RejectPrivateVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "EndPrivateVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "GetIncomingPrivateVoiceChatRequest", kind: .unary, isSeed: false),
        Procedure(name: "SubscribeToPrivateVoiceChatUpdates", kind: .serverStream, isSeed: false),
        Procedure(name: "StartCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "JoinCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "RequestToSpeakInCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "PromoteSpeakerInCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "DemoteSpeakerInCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "KickPlayerFromCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "RejectSpeakRequestInCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "EndCommunityVoiceChat", kind: .unary, isSeed: false),
        Procedure(name: "SubscribeToCommunityVoiceChatUpdates", kind: .serverStream, isSeed: false),
        Procedure(name: "MuteSpeakerFromCommunityVoiceChat", kind: .unary, isSeed: false),
    ]

    /// The 33 procedure names in declaration order.
    public static let names: [String] = all.map(\.name)

    /// The 1-based procedure id of `name` (as the reference assigns them), or nil if not an rpc of the service.
    public static func id(of name: String) -> Int? {
        all.firstIndex { $0.name == name }.map { $0 + 1 }
    }
}
