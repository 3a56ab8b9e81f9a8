import SocialDomain
import SocialStore

extension SocialServiceCore {
    /// A page of profiles with the reply's `total` and `page`.
    public struct ProfilePage<Item: Sendable & Equatable>: Sendable, Equatable {
        public var items: [Item]
        public var total: Int
        public var page: Int
    }

    /// A pending or sent request with the other user's profile.
    public struct RequestItem: Sendable, Equatable {
        public var row: RequestEntry
        public var profile: Profile
    }

    /// GetFriends: active, unblocked friends, newest friendship first; SQL order is kept in the reply.
    /// - Throws: `internalServerError` on store failure (the handler answers an empty page).
    public func friends(caller: Address, page: PageRequest) async throws(SocialRPCError) -> ProfilePage<Profile> {
        let rows = try storeCall { try repository.friends(of: caller, limit: page.limit, offset: page.offset) }
        let found = await profiles.completeProfiles(for: rows.items.map(\.address))
        return ProfilePage(items: rows.items.map { found[$0.address] ?? .fallback($0.address) }, total: rows.total, page: page.page)
    }

    /// GetMutualFriends, ordered by address.
    /// - Throws: `invalidRequest` for a missing/invalid user, `internalServerError` on store failure (the
    ///   handler answers an empty page for both, as the reference).
    public func mutualFriends(caller: Address, other rawOther: String, page: PageRequest) async throws(SocialRPCError) -> ProfilePage<Profile> {
        guard !rawOther.isEmpty else { throw .invalidRequest(SocialRPCError.Message.missingAddress) }
        guard let other = Address(rawOther) else { throw .invalidRequest(SocialRPCError.Message.invalidAddress) }
        let rows = try storeCall { try repository.mutualFriends(of: caller, and: other, limit: page.limit, offset: page.offset) }
        let found = await profiles.completeProfiles(for: rows.items)
        return ProfilePage(items: rows.items.map { found[$0] ?? .fallback($0) }, total: rows.total, page: page.page)
    }

    /// GetPendingFriendshipRequests (`sent == false`) or GetSentFriendshipRequests (`sent == true`).
    /// - Throws: `internalServerError` on store failure.
    public func friendshipRequests(caller: Address, sent: Bool, page: PageRequest) async throws(SocialRPCError) -> ProfilePage<RequestItem> {
        let rows = try storeCall {
            sent ? try repository.sentRequests(by: caller, limit: page.limit, offset: page.offset)
                 : try repository.pendingRequests(to: caller, limit: page.limit, offset: page.offset)
        }
        let found = await profiles.completeProfiles(for: rows.items.map(\.other))
        let entries = rows.items.map { RequestItem(row: $0, profile: found[$0.other] ?? .fallback($0.other)) }
        return ProfilePage(items: entries, total: rows.total, page: page.page)
    }

    /// GetBlockedUsers, `blocked_at DESC, address ASC`.
    /// - Throws: `internalServerError` on store failure.
    public func blockedUsers(caller: Address, page: PageRequest) async throws(SocialRPCError) -> ProfilePage<BlockedProfile> {
        let rows = try storeCall { try repository.blocks(by: caller, limit: page.limit, offset: page.offset) }
        let found = await profiles.completeProfiles(for: rows.items.map(\.blocked))
        let items = rows.items.map { BlockedProfile(profile: found[$0.blocked] ?? .fallback($0.blocked), blockedAt: $0.blockedAt) }
        return ProfilePage(items: items, total: rows.total, page: page.page)
    }

    /// GetBlockingStatus: everyone I block and everyone blocking me.
    /// - Throws: `internalServerError` on store failure.
    public func blockingStatus(caller: Address) throws(SocialRPCError) -> (blocked: [Address], blockedBy: [Address]) {
        let status = try storeCall { try repository.blockingStatus(of: caller) }
        return (status.blocked.map(\.blocked), status.blockedBy.map(\.blocker))
    }
}
