/// A domain refusal or failure of a social RPC; each case is answered in the response's matching
/// `oneof` variant (never as a transport RemoteError).
public enum SocialRPCError: Error, Equatable, Sendable {
    /// `invalid_request{message}`.
    case invalidRequest(String)
    /// `invalid_friendship_action{message}`.
    case invalidFriendshipAction(String)
    /// `internal_server_error{message}`.
    case internalServerError(String)

    /// The text of the variant's `message` field.
    public var message: String {
        switch self {
        case .invalidRequest(let m), .invalidFriendshipAction(let m), .internalServerError(let m): return m
        }
    }

    /// The reference's messages.
    public enum Message {
        public static let unknownMessage = "Unknown message"
        public static let invalidAddress = "Invalid user address in the request payload"
        public static let missingAddress = "User address is missing in the request payload"
        public static let cannotBlockSelf = "Cannot block yourself"
        public static let cannotUnblockSelf = "Cannot unblock yourself"
        public static let rateLimited = RateLimiter.exceededMessage
    }
}
