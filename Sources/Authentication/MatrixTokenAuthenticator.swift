import SocialDomain

/// Authenticates a transition-era client by its legacy Matrix access token: whoami on the homeserver, then the
/// user id → address rule with this homeserver's server name. Positive answers are cached briefly.
public struct MatrixTokenAuthenticator: Sendable {
    /// Cache and size settings.
    public struct Configuration: Sendable, Equatable {
        /// How long a resolved token stays trusted without asking the homeserver again.
        public var cacheTimeToLiveMilliseconds: Int64 = 60_000
        /// Most cached tokens.
        public var cacheCapacity = 10_000
        /// Longest accepted token (Synapse tokens are ~40 characters).
        public var maxTokenBytes = 1024

        /// The defaults above.
        public init() {}
    }

    private let resolver: any MatrixWhoAmIResolving
    private let serverName: String
    private let clock: any WallClock
    private let configuration: Configuration
    private let cache: AccessTokenCache

    /// - Parameters:
    ///   - resolver: asks the homeserver who owns a token.
    ///   - serverName: the homeserver's server name (`decentraland.org`); users of other servers are refused.
    ///   - configuration: cache TTL and size, token length cap.
    ///   - clock: the source of now for cache expiry.
    public init(resolver: any MatrixWhoAmIResolving, serverName: String, configuration: Configuration = Configuration(),
                clock: any WallClock = SystemWallClock()) {
        self.resolver = resolver
        self.serverName = serverName
        self.clock = clock
        self.configuration = configuration
        cache = AccessTokenCache(timeToLiveMilliseconds: configuration.cacheTimeToLiveMilliseconds, capacity: configuration.cacheCapacity)
    }

    /// The address owning `accessToken`.
    /// - Throws: `AuthenticationError` `.unknownToken` (also for an empty or oversized token),
    ///   `.homeserverUnreachable`, `.homeserverError`, or `.nonAddressUser`.
    public func authenticate(accessToken: String) async throws(AuthenticationError) -> Address {
        guard !accessToken.isEmpty, accessToken.utf8.count <= configuration.maxTokenBytes else {
            throw AuthenticationError(.unknownToken, "access token is empty or too long")
        }
        let key = AccessTokenCache.key(for: accessToken)
        if let cached = await cache.address(for: key, now: clock.nowMilliseconds) { return cached }
        let userID: String
        do {
            userID = try await resolver.whoAmI(accessToken: accessToken)
        } catch {
            switch error {
            case .unknownToken:
                throw AuthenticationError(.unknownToken, "homeserver does not know the access token")
            case .homeserverUnreachable(let detail):
                throw AuthenticationError(.homeserverUnreachable, "whoami failed: \(detail)")
            case .unexpectedResponse(let detail):
                throw AuthenticationError(.homeserverError, "whoami answered unexpectedly: \(detail)")
            }
        }
        guard let address = MatrixUserID.address(of: userID, serverName: serverName) else {
            throw AuthenticationError(.nonAddressUser, "token belongs to a user that is not an address of \(serverName)")
        }
        await cache.store(address, for: key, now: clock.nowMilliseconds)
        return address
    }

    /// Number of cached tokens (for tests and diagnostics).
    public var cachedTokenCount: Int {
        get async { await cache.count }
    }
}
