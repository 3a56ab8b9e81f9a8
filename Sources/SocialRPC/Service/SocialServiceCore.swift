import SocialDomain
import SocialStore

/// The social RPCs' rules over domain values (spec §4.3–§4.8), free of wire types: the handlers decode a
/// request, call here, and encode the answer or the error variant.
///
/// Every write is one repository transaction; updates are published only after it returns (commit).
public final class SocialServiceCore: Sendable {
    /// The answer to an accepted UpsertFriendship.
    public struct Accepted: Sendable, Equatable {
        /// The pair row's id.
        public var id: String
        /// The pair row's `created_at`, ms.
        public var createdAt: Int64
        /// The target's profile.
        public var friend: Profile
        /// The request message, or "".
        public var message: String
    }

    /// A profile with the block's date (`BlockedUserProfile`).
    public struct BlockedProfile: Sendable, Equatable {
        public var profile: Profile
        public var blockedAt: Int64?
    }

    let repository: any SocialRepository
    let profiles: any ProfileSource
    let hub: UpdateHub
    let presence: PresenceTracker?
    let rateLimiter: RateLimiter
    let clock: any MillisecondClock
    let log: SocialLog

    /// - Parameters:
    ///   - repository: the store.
    ///   - profiles: where names and pictures come from (wrap slow sources in `CachedProfileSource`).
    ///   - hub: live-update fan-out.
    ///   - presence: who is connected (`nil`: nobody is ever announced online).
    ///   - rateLimiter: write limits.
    ///   - clock: timestamps.
    ///   - log: operational log.
    public init(
        repository: any SocialRepository, profiles: any ProfileSource = FallbackProfileSource(),
        hub: UpdateHub, presence: PresenceTracker? = nil, rateLimiter: RateLimiter = RateLimiter(),
        clock: any MillisecondClock = SystemClock(), log: SocialLog = .standardError
    ) {
        self.repository = repository
        self.profiles = profiles
        self.hub = hub
        self.presence = presence
        self.rateLimiter = rateLimiter
        self.clock = clock
        self.log = log
    }

    /// UpsertFriendship steps 2–11 (step 1, a missing action, is the handler's).
    /// - Parameters:
    ///   - action: request, accept, reject, cancel or delete.
    ///   - target: the payload's `user.address` as sent (`""` when the user is missing).
    ///   - message: the request's message.
    /// - Throws: `SocialRPCError` with the reference's variant and message.
    public func upsertFriendship(
        caller: Address, action: FriendshipAction, target rawTarget: String, message: String?
    ) async throws(SocialRPCError) -> Accepted {
        // Blocks have their own RPC; the UpsertFriendship oneof cannot carry one.
        guard action != .block else { throw .invalidRequest(SocialRPCError.Message.unknownMessage) }
        if action == .request && rawTarget.lowercased() == caller.rawValue {
            throw .invalidFriendshipAction(FriendshipStateMachine.Refusal.requestToSelf.message)
        }
        guard let target = Address(rawTarget) else { throw .invalidRequest(SocialRPCError.Message.invalidAddress) }
        guard rateLimiter.allow(actor: caller, target: target, scope: .friendship) else {
            throw .invalidRequest(SocialRPCError.Message.rateLimited)
        }
        // Accept/reject/cancel/delete towards oneself: there is no pair, so no action is valid.
        guard target != caller else { throw .invalidFriendshipAction(FriendshipStateMachine.Refusal.invalidTransition.message) }
        // Only a request carries a message; an empty one is stored as no metadata, like the reference.
        let stored = action == .request ? message.flatMap { $0.isEmpty ? nil : $0 } : nil
        let now = clock.nowMilliseconds()
        let outcome = try storeCall { try repository.upsertFriendship(actor: caller, target: target, action: action, message: stored, now: now) }
        let write: AppliedUpsert
        switch outcome {
        case .refused(let refusal): throw .invalidFriendshipAction(refusal.message)
        case .applied(let applied): write = applied
        }
        let both = await profiles.completeProfiles(for: [caller, target])
        let callerProfile = both[caller] ?? .fallback(caller)
        let targetProfile = both[target] ?? .fallback(target)
        hub.friendships.publish(
            FriendshipEvent(action: action, from: caller, to: target, actionID: write.actionID, timestamp: now,
                            message: stored, sender: callerProfile),
            to: target)
        if action == .accept { announcePresence(of: caller, callerProfile, and: target, targetProfile) }
        return Accepted(id: write.friendshipID, createdAt: write.friendshipCreatedAt, friend: targetProfile, message: stored ?? "")
    }

    /// Announces an action committed outside the RPC (sync applying a legacy Matrix action) exactly as
    /// UpsertFriendship announces its own: the FriendshipUpdate to the other member and, for an accept,
    /// each connected side to the other.
    /// - Parameters:
    ///   - action: what was done (a `block` is announced as the BlockUser RPC would).
    ///   - actor: who acted.
    ///   - target: the other member (the one told).
    ///   - actionID: the action row's id.
    ///   - message: a request's message.
    public func announceExternalAction(_ action: FriendshipAction, by actor: Address, to target: Address, actionID: String,
                                       message: String?) async {
        // Nobody listening: no profile lookups (a catch-up pass can apply thousands of old actions).
        let tellsTarget = hub.friendships.hasSubscribers(target)
        let tellsPresence = action == .accept && presence != nil
            && (hub.connectivity.hasSubscribers(target) || hub.connectivity.hasSubscribers(actor))
        guard tellsTarget || tellsPresence else { return }
        let both = await profiles.completeProfiles(for: [actor, target])
        let actorProfile = both[actor] ?? .fallback(actor)
        hub.friendships.publish(
            FriendshipEvent(action: action, from: actor, to: target, actionID: actionID, timestamp: clock.nowMilliseconds(),
                            message: action == .request ? message : nil, sender: actorProfile),
            to: target)
        if action == .accept { announcePresence(of: actor, actorProfile, and: target, both[target] ?? .fallback(target)) }
    }

    /// GetFriendshipStatus: the pair's status as the caller sees it.
    /// - Throws: `invalidRequest` for a missing or malformed address, `internalServerError` on store failure.
    public func friendshipStatus(caller: Address, target rawTarget: String) throws(SocialRPCError) -> FriendshipStatus {
        guard !rawTarget.isEmpty else { throw .invalidRequest(SocialRPCError.Message.missingAddress) }
        guard let target = Address(rawTarget) else { throw .invalidRequest(SocialRPCError.Message.invalidAddress) }
        let state = try storeCall { try repository.pairState(caller, target) }
        return FriendshipStatus.derive(last: state?.last, viewer: caller)
    }

    /// BlockUser (spec §4.4).
    /// - Throws: `invalidRequest` (address, self, rate limit) or `internalServerError`.
    public func block(caller: Address, target rawTarget: String) async throws(SocialRPCError) -> BlockedProfile {
        let target = try blockTarget(caller: caller, rawTarget, selfMessage: SocialRPCError.Message.cannotBlockSelf)
        let write = try storeCall { try repository.block(blocker: caller, blocked: target, now: clock.nowMilliseconds()) }
        if write.friendshipExisted {
            let sender = await profiles.completeProfile(for: caller)
            hub.friendships.publish(
                FriendshipEvent(action: .block, from: caller, to: target, actionID: write.actionID ?? "", timestamp: clock.nowMilliseconds(),
                                message: nil, sender: sender),
                to: target)
        }
        hub.blocks.publish(BlockEvent(blocker: caller, blocked: target, isBlocked: true), to: target)
        return BlockedProfile(profile: await profiles.completeProfile(for: target), blockedAt: write.block.blockedAt)
    }

    /// UnblockUser (spec §4.4, with the quirk fixed: `delete` only when a block row was removed).
    /// - Throws: `invalidRequest` (address, self, rate limit) or `internalServerError`.
    public func unblock(caller: Address, target rawTarget: String) async throws(SocialRPCError) -> BlockedProfile {
        let target = try blockTarget(caller: caller, rawTarget, selfMessage: SocialRPCError.Message.cannotUnblockSelf)
        let write = try storeCall { try repository.unblock(blocker: caller, blocked: target, now: clock.nowMilliseconds()) }
        if let actionID = write.actionID {
            let sender = await profiles.completeProfile(for: caller)
            hub.friendships.publish(
                FriendshipEvent(action: .delete, from: caller, to: target, actionID: actionID, timestamp: clock.nowMilliseconds(),
                                message: nil, sender: sender),
                to: target)
        }
        hub.blocks.publish(BlockEvent(blocker: caller, blocked: target, isBlocked: false), to: target)
        return BlockedProfile(profile: await profiles.completeProfile(for: target), blockedAt: nil)
    }

    private func blockTarget(caller: Address, _ rawTarget: String, selfMessage: String) throws(SocialRPCError) -> Address {
        guard let target = Address(rawTarget) else { throw .invalidRequest(SocialRPCError.Message.invalidAddress) }
        guard target != caller else { throw .invalidRequest(selfMessage) }
        guard rateLimiter.allow(actor: caller, target: target, scope: .block) else {
            throw .invalidRequest(SocialRPCError.Message.rateLimited)
        }
        return target
    }

    /// On accept, each side that is connected is announced to the other (spec §4.8).
    private func announcePresence(of caller: Address, _ callerProfile: Profile, and target: Address, _ targetProfile: Profile) {
        guard let presence else { return }
        let statuses = presence.connectedStatuses(among: [caller, target])
        if let status = statuses[caller] {
            hub.connectivity.publish(ConnectivityEvent(friend: callerProfile, status: status), to: target)
        }
        if let status = statuses[target] {
            hub.connectivity.publish(ConnectivityEvent(friend: targetProfile, status: status), to: caller)
        }
    }

    /// Runs a store call, turning its failure into `internal_server_error{message}` (and a log line).
    func storeCall<T>(_ body: () throws -> T) throws(SocialRPCError) -> T {
        do { return try body() } catch {
            log("store error: \(error)")
            throw .internalServerError("\(error)")
        }
    }
}
