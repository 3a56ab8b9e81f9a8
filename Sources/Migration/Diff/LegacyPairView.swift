import SocialDomain

/// What the legacy side says about one pair, in the export's terms: the reconciled winning candidate
/// (§4.4), with the block mapping of §7.3 applied when profile blocks are compared.
public struct LegacyPairView: Sendable, Hashable {
    /// The two members, ascending.
    public var users: AddressPair
    /// The winner's action, or `block` when a profile block is in force.
    public var status: FriendshipAction
    /// Step 8's requester of the winner (a block leaves it unchanged, §5 row 31).
    public var requester: Address
    /// Who acted: the winner's sender, or the deciding blocker.
    public var actingUser: Address
    /// Whether the action is an accept (a block makes the pair inactive).
    public var active: Bool
    /// Step 9's message (requests only).
    public var message: String?
    /// The winning event's `origin_server_ts` (shown, never compared).
    public var updatedAt: Int64
    /// The winning room.
    public var roomID: String
    /// The winning event (also behind a block-decided status: the pair's last friendship event).
    public var eventID: String
    /// The profile block that decides the status (§7.3 step 4: of mutual blocks, the later in
    /// (`blocked_at`, blocker, blocked) order), when one is in force.
    public var decidingBlock: ProfileBlocks.Block?

    /// The view of a decision.
    /// - Parameters:
    ///   - decision: the pair's reconciled decision.
    ///   - blocks: the profile blocks between the pair's two members in force (either direction); pass
    ///     none when blocks are not compared.
    public init(_ decision: PairDecision, blocks: [ProfileBlocks.Block] = []) {
        let winner = decision.winner
        users = winner.pair
        status = winner.action
        requester = winner.requester
        actingUser = winner.actingUser
        active = FriendshipStateMachine.isActive(after: winner.action)
        message = winner.action == .request ? winner.message : nil
        updatedAt = winner.timestamp
        roomID = winner.roomID
        eventID = winner.eventID
        // Every imported block shares the run's blocked_at, so §7.3's order is (blocker, blocked): the last one decides.
        if let block = blocks.filter({ AddressPair($0.blocker, $0.blocked) == winner.pair }).max() {
            decidingBlock = block
            status = .block
            actingUser = block.blocker
            active = false
            message = nil
        }
    }
}
