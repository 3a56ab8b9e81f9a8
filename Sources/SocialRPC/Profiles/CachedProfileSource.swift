import SocialDomain

/// Caches another source's answers for a TTL, fetches only what is missing in one batch, and never waits
/// for the upstream longer than `timeoutMilliseconds` (what it has not answered by then is left out, so
/// callers use the fallback; the late answer still fills the cache).
public final class CachedProfileSource: ProfileSource {
    /// Cache lifetimes and the wait bound.
    public struct Configuration: Sendable, Equatable {
        /// How long a found profile is reused (the reference: 10 min).
        public var ttlMilliseconds: Int64
        /// How long "the source does not know this user" is remembered.
        public var negativeTTLMilliseconds: Int64
        /// Longest wait for the upstream per request.
        public var timeoutMilliseconds: Int64
        /// Entries kept at most; beyond it expired entries are purged, then the oldest half.
        public var maxEntries: Int

        public init(
            ttlMilliseconds: Int64 = 600_000, negativeTTLMilliseconds: Int64 = 60_000,
            timeoutMilliseconds: Int64 = 1_500, maxEntries: Int = 100_000
        ) {
            self.ttlMilliseconds = ttlMilliseconds
            self.negativeTTLMilliseconds = negativeTTLMilliseconds
            self.timeoutMilliseconds = timeoutMilliseconds
            self.maxEntries = maxEntries
        }
    }

    private struct Entry {
        let profile: Profile?
        let expires: Int64
    }

    private let upstream: any ProfileSource
    private let configuration: Configuration
    private let clock: any MillisecondClock
    private let log: SocialLog
    private let cache = Locked([Address: Entry]())

    /// - Parameters:
    ///   - upstream: the slow source (HTTP profile service, homeserver).
    ///   - configuration: TTLs, timeout, size bound.
    ///   - clock: time source for expiry (injected in tests).
    ///   - log: where timeouts are reported.
    public init(
        upstream: any ProfileSource, configuration: Configuration = Configuration(),
        clock: any MillisecondClock = SystemClock(), log: SocialLog = .standardError
    ) {
        self.upstream = upstream
        self.configuration = configuration
        self.clock = clock
        self.log = log
    }

    public func profiles(for addresses: [Address]) async -> [Address: Profile] {
        let now = clock.nowMilliseconds()
        var result: [Address: Profile] = [:]
        var missing: [Address] = []
        cache.withLock { cache in
            for address in Set(addresses) {
                if let entry = cache[address], entry.expires > now {
                    if let profile = entry.profile { result[address] = profile }
                } else {
                    missing.append(address)
                }
            }
        }
        guard !missing.isEmpty else { return result }
        let fetch: @Sendable () async -> [Address: Profile] = { [upstream, configuration, clock, cache, missing] in
            let fetched = await upstream.profiles(for: missing)
            let stamp = clock.nowMilliseconds()
            cache.withLock { cache in
                for address in missing {
                    let profile = fetched[address]
                    let ttl = profile == nil ? configuration.negativeTTLMilliseconds : configuration.ttlMilliseconds
                    cache[address] = Entry(profile: profile, expires: stamp + ttl)
                }
                Self.bound(&cache, now: stamp, maxEntries: configuration.maxEntries)
            }
            return fetched
        }
        if let fetched = await awaitResult(within: configuration.timeoutMilliseconds, fetch) {
            for address in missing { if let profile = fetched[address] { result[address] = profile } }
        } else {
            log("profile source did not answer \(missing.count) profile(s) within \(configuration.timeoutMilliseconds) ms; using fallbacks")
        }
        return result
    }

    /// Forgets everything (tests, operator reload).
    public func removeAll() { cache.withLock { $0.removeAll() } }

    private static func bound(_ cache: inout [Address: Entry], now: Int64, maxEntries: Int) {
        guard cache.count > maxEntries else { return }
        cache = cache.filter { $0.value.expires > now }
        guard cache.count > maxEntries else { return }
        let keep = cache.sorted { $0.value.expires > $1.value.expires }.prefix(maxEntries / 2)
        cache = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
