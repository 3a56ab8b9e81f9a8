/// The production service's transition rules (rpc-protocol §4.2/§4.3), pure.
public enum FriendshipStateMachine {
    /// Why an action is refused; checked in the reference's order (self, block, transition).
    public enum Refusal: Error, Equatable, Sendable {
        /// A request to oneself.
        case requestToSelf
        /// A block exists between the two in either direction.
        case blocked
        /// The action is not valid after the pair's newest action, or not for this actor.
        case invalidTransition

        /// The reference's message for the refusal.
        public var message: String {
            switch self {
            case .requestToSelf: return "You cannot send a friendship request to yourself"
            case .blocked: return "This action is not allowed because either you blocked this user or this user blocked you"
            case .invalidTransition: return "The friendship action is not valid for the current friendship status"
            }
        }
    }

    /// Whether `actor` may apply `action` towards `target`.
    /// - Parameters:
    ///   - action: the new action; `block` is always allowed here (BlockUser validates it separately).
    ///   - actor: who acts.
    ///   - target: the other member.
    ///   - last: the pair's newest action, or the synthetic block when only a blocks row exists.
    ///   - blockedEitherWay: whether a blocks row exists in either direction.
    /// - Returns: `nil` when allowed, else the refusal.
    public static func refusal(
        of action: FriendshipAction, by actor: Address, towards target: Address,
        last: LastAction?, blockedEitherWay: Bool
    ) -> Refusal? {
        if action == .request && actor == target { return .requestToSelf }
        // No pair exists with oneself, so no other action towards oneself is valid either.
        if actor == target { return .invalidTransition }
        if action == .block { return nil }
        if blockedEitherWay { return .blocked }
        return isAllowed(action, by: actor, after: last) ? nil : .invalidTransition
    }

    /// The transition table alone (no self or block checks).
    public static func isAllowed(_ action: FriendshipAction, by actor: Address, after last: LastAction?) -> Bool {
        switch action {
        case .request:
            guard let last else { return true }
            return [.cancel, .reject, .delete].contains(last.action)
        case .accept, .reject:
            guard let last, last.action == .request else { return false }
            return last.actingUser != actor
        case .cancel:
            guard let last, last.action == .request else { return false }
            return last.actingUser == actor
        case .delete:
            guard let last else { return false }
            return last.action == .accept || last.action == .block
        case .block:
            return true
        }
    }

    /// `friendships.is_active` after an upsert action: only accept makes a pair friends.
    public static func isActive(after action: FriendshipAction) -> Bool { action == .accept }
}
