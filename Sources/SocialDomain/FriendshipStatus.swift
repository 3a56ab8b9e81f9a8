/// A pair's state as one member sees it; raw values are the protocol's enum numbers.
public enum FriendshipStatus: Int32, CaseIterable, Sendable, CustomStringConvertible {
    case requestSent = 0
    case requestReceived = 1
    case canceled = 2
    case accepted = 3
    case rejected = 4
    case deleted = 5
    case blocked = 6
    case none = 7
    case blockedBy = 8

    /// The status `viewer` sees given the pair's newest action (or synthetic block), as GetFriendshipStatus answers it.
    public static func derive(last: LastAction?, viewer: Address) -> FriendshipStatus {
        guard let last else { return .none }
        switch last.action {
        case .request: return last.actingUser == viewer ? .requestSent : .requestReceived
        case .accept: return .accepted
        case .cancel: return .canceled
        case .reject: return .rejected
        case .delete: return .deleted
        case .block: return last.actingUser == viewer ? .blocked : .blockedBy
        }
    }

    public var description: String {
        switch self {
        case .requestSent: return "REQUEST_SENT"
        case .requestReceived: return "REQUEST_RECEIVED"
        case .canceled: return "CANCELED"
        case .accepted: return "ACCEPTED"
        case .rejected: return "REJECTED"
        case .deleted: return "DELETED"
        case .blocked: return "BLOCKED"
        case .none: return "NONE"
        case .blockedBy: return "BLOCKED_BY"
        }
    }
}
