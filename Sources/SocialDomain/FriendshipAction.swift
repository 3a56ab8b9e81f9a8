/// An entry of a pair's append-only action log (`friendship_actions.action`).
public enum FriendshipAction: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case request, accept, reject, cancel, delete, block
    public var description: String { rawValue }
}

/// The newest action of a pair: what it was and who did it.
public struct LastAction: Hashable, Sendable {
    public var action: FriendshipAction
    public var actingUser: Address
    public init(_ action: FriendshipAction, by actingUser: Address) {
        self.action = action
        self.actingUser = actingUser
    }
}
