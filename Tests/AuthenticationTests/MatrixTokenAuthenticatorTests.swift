import SocialDomain
import Testing
@testable import Authentication

@Suite struct MatrixTokenAuthenticatorTests {
    static let alice = "@0xAbC0000000000000000000000000000000000001:decentraland.org"

    private func reason(_ authenticator: MatrixTokenAuthenticator, _ token: String) async -> AuthenticationError.Reason? {
        do {
            _ = try await authenticator.authenticate(accessToken: token)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func mapsUserIDsToAddresses() {
        let server = "decentraland.org"
        #expect(MatrixUserID.address(of: Self.alice, serverName: server)?.rawValue == "0xabc0000000000000000000000000000000000001")
        #expect(MatrixUserID.address(of: "@0xabc0000000000000000000000000000000000001:decentraland.zone", serverName: server) == nil)
        #expect(MatrixUserID.address(of: "@admin:decentraland.org", serverName: server) == nil)
        #expect(MatrixUserID.address(of: "@0xabc00000000000000000000000000000000000:decentraland.org", serverName: server) == nil)
        #expect(MatrixUserID.address(of: "0xabc0000000000000000000000000000000000001", serverName: server) == nil)
        #expect(MatrixUserID.address(of: "@0xabc0000000000000000000000000000000000001", serverName: server) == nil)
        // The server part is everything after the first colon (a port stays part of it).
        #expect(MatrixUserID.address(of: "@0xabc0000000000000000000000000000000000001:localhost:8008", serverName: "localhost:8008") != nil)
    }

    @Test func resolvesAndCachesPositiveAnswers() async throws {
        let resolver = FakeWhoAmI(users: ["tok-a": Self.alice])
        let clock = ManualClock(1_000)
        var configuration = MatrixTokenAuthenticator.Configuration()
        configuration.cacheTimeToLiveMilliseconds = 60_000
        let authenticator = MatrixTokenAuthenticator(resolver: resolver, serverName: "decentraland.org", configuration: configuration, clock: clock)
        let first = try await authenticator.authenticate(accessToken: "tok-a")
        #expect(first.rawValue == "0xabc0000000000000000000000000000000000001")
        _ = try await authenticator.authenticate(accessToken: "tok-a")
        #expect(resolver.callCount == 1)
        clock.advance(by: 59_999)
        _ = try await authenticator.authenticate(accessToken: "tok-a")
        #expect(resolver.callCount == 1)
        clock.advance(by: 1)
        _ = try await authenticator.authenticate(accessToken: "tok-a")
        #expect(resolver.callCount == 2)
    }

    @Test func negativeAnswersAreNotCached() async {
        let resolver = FakeWhoAmI()
        let authenticator = MatrixTokenAuthenticator(resolver: resolver, serverName: "decentraland.org")
        #expect(await reason(authenticator, "nope") == .unknownToken)
        #expect(await reason(authenticator, "nope") == .unknownToken)
        #expect(resolver.callCount == 2)
        #expect(await authenticator.cachedTokenCount == 0)
    }

    @Test func distinguishesFailures() async {
        let unreachable = MatrixTokenAuthenticator(resolver: FakeWhoAmI(failure: .homeserverUnreachable("connection refused")), serverName: "decentraland.org")
        #expect(await reason(unreachable, "t") == .homeserverUnreachable)
        let garbage = MatrixTokenAuthenticator(resolver: FakeWhoAmI(failure: .unexpectedResponse("HTTP 500")), serverName: "decentraland.org")
        #expect(await reason(garbage, "t") == .homeserverError)
        let users = FakeWhoAmI(users: ["admin": "@admin:decentraland.org", "other": "@0xabc0000000000000000000000000000000000001:matrix.org"])
        let mapped = MatrixTokenAuthenticator(resolver: users, serverName: "decentraland.org")
        #expect(await reason(mapped, "admin") == .nonAddressUser)
        #expect(await reason(mapped, "other") == .nonAddressUser)
        #expect(await reason(mapped, "") == .unknownToken)
        #expect(await reason(mapped, String(repeating: "x", count: 1025)) == .unknownToken)
        #expect(users.callCount == 2)
    }

    @Test func cacheStaysWithinItsCapacity() async throws {
        var table: [String: String] = [:]
        for index in 0..<10 {
            table["tok-\(index)"] = "@0x\(String(repeating: "0", count: 39))\(index):decentraland.org"
        }
        let resolver = FakeWhoAmI(users: table)
        var configuration = MatrixTokenAuthenticator.Configuration()
        configuration.cacheCapacity = 4
        let clock = ManualClock(0)
        let authenticator = MatrixTokenAuthenticator(resolver: resolver, serverName: "decentraland.org", configuration: configuration, clock: clock)
        for index in 0..<10 {
            clock.advance(by: 1)
            _ = try await authenticator.authenticate(accessToken: "tok-\(index)")
        }
        #expect(await authenticator.cachedTokenCount == 4)
        // The most recent ones survive; the oldest was evicted.
        _ = try await authenticator.authenticate(accessToken: "tok-9")
        #expect(resolver.callCount == 10)
        _ = try await authenticator.authenticate(accessToken: "tok-0")
        #expect(resolver.callCount == 11)
    }
}

@Suite struct AccessTokenCacheTests {
    @Test func hugeTimeToLiveSaturates() async {
        let cache = AccessTokenCache(timeToLiveMilliseconds: .max, capacity: 2)
        let address = Address("0xabc0000000000000000000000000000000000001")
        guard let address else { Issue.record("fixture address"); return }
        await cache.store(address, for: [1], now: 1_767_225_600_000)
        #expect(await cache.address(for: [1], now: 1_767_225_600_001) == address)
    }

    @Test func disabledCacheStoresNothing() async {
        let cache = AccessTokenCache(timeToLiveMilliseconds: 0, capacity: 10)
        if let address = Address("0xabc0000000000000000000000000000000000001") {
            await cache.store(address, for: [1], now: 0)
        }
        #expect(await cache.count == 0)
    }
}
