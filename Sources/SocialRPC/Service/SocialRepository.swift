import SocialDomain
import SocialStore

/// The storage the social RPCs need, as `SocialStore` offers it (which conforms as is). A protocol so the
/// service's rules can also be exercised over other implementations in tests.
///
/// Each write is one transaction that validates against the state it reads and writes atomically; the
/// reads apply the block filters of spec §4.4.
public protocol SocialRepository: Sendable {
    /// Active friends with no block either way, newest friendship first.
    func friends(of user: Address, limit: Int, offset: Int) throws -> Page<FriendEntry>
    /// Every active, unblocked friend (presence fan-out and snapshots).
    func allFriends(of user: Address) throws -> [Address]
    /// Users who are active, unblocked friends of both, by address.
    func mutualFriends(of a: Address, and b: Address, limit: Int, offset: Int) throws -> Page<Address>
    /// Requests others sent `user` that are their pair's newest action (inactive, unblocked), newest first.
    func pendingRequests(to user: Address, limit: Int, offset: Int) throws -> Page<RequestEntry>
    /// Requests `user` sent that are their pair's newest action (inactive, unblocked), newest first.
    func sentRequests(by user: Address, limit: Int, offset: Int) throws -> Page<RequestEntry>
    /// The pair's newest action, or the synthetic block when only a blocks row exists.
    func pairState(_ a: Address, _ b: Address) throws -> PairState?
    /// Blocks `user` made, `blocked_at DESC, blocked_address ASC`.
    func blocks(by user: Address, limit: Int, offset: Int) throws -> Page<BlockRecord>
    /// Every block by and against `user`.
    func blockingStatus(of user: Address) throws -> BlockingStatus
    /// Validates (self, block either way, state machine) and records an UpsertFriendship action.
    func upsertFriendship(actor: Address, target: Address, action: FriendshipAction, message: String?, now: Int64) throws -> UpsertOutcome
    /// Blocks (idempotent, keeps the first date); deactivates and appends `block` to an existing pair.
    func block(blocker: Address, blocked: Address, now: Int64) throws -> BlockOutcome
    /// Removes the caller's block; appends `delete` only when one was removed and a pair row exists.
    func unblock(blocker: Address, blocked: Address, now: Int64) throws -> UnblockOutcome
}

extension SocialStore: SocialRepository {}
