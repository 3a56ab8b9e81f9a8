/// A list RPC's limit and offset after the reference's normalisation (`utils/friendship-pagination.ts`,
/// spec §4.6): silent defaults and caps, never an error.
public struct PageRequest: Sendable, Equatable {
    /// Rows to return, 1 ... the RPC's maximum.
    public let limit: Int
    /// Rows to skip, 0 ... `PageRequest.maxOffset`.
    public let offset: Int

    /// Offsets beyond this are capped.
    public static let maxOffset = 100_000

    /// Normalises a client's pagination.
    /// - Parameters:
    ///   - limit: the client's limit; missing or < 1 → the policy's default; above the maximum → the maximum.
    ///   - offset: the client's offset; missing or negative → 0; above 100 000 → 100 000.
    ///   - policy: the RPC's default and maximum.
    public init(limit: Int32?, offset: Int32?, policy: PaginationPolicy) {
        var resolved = policy.defaultLimit
        if let limit, limit >= 1 { resolved = min(Int(limit), policy.maxLimit) }
        self.limit = resolved
        self.offset = min(max(Int(offset ?? 0), 0), Self.maxOffset)
    }

    /// `ceil(offset / limit) + 1`, as the reference reports it in `PaginatedResponse.page`.
    public var page: Int { (offset + limit - 1) / limit + 1 }
}

/// Default and maximum page size of one list RPC.
public struct PaginationPolicy: Sendable, Equatable {
    public let defaultLimit: Int
    public let maxLimit: Int

    public init(defaultLimit: Int, maxLimit: Int) {
        self.defaultLimit = defaultLimit
        self.maxLimit = maxLimit
    }

    /// GetFriends: 1000 / 1000.
    public static let friends = PaginationPolicy(defaultLimit: 1000, maxLimit: 1000)
    /// GetMutualFriends: 1000 / 1000.
    public static let mutualFriends = PaginationPolicy(defaultLimit: 1000, maxLimit: 1000)
    /// GetPendingFriendshipRequests and GetSentFriendshipRequests: 100 / 200.
    public static let friendshipRequests = PaginationPolicy(defaultLimit: 100, maxLimit: 200)
    /// GetBlockedUsers: 200 / 200.
    public static let blockedUsers = PaginationPolicy(defaultLimit: 200, maxLimit: 200)
}
