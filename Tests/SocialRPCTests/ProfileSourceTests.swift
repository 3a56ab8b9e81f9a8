import Foundation
import Testing
import SocialDomain
@testable import SocialRPC

/// A profile source that counts calls and can be slow.
final class ScriptedProfileSource: ProfileSource, @unchecked Sendable {
    private let lock = NSLockBox()
    private var known: [Address: Profile]
    private var requested: [[Address]] = []
    let delayMilliseconds: UInt64

    init(_ known: [Address: Profile], delayMilliseconds: UInt64 = 0) {
        self.known = known
        self.delayMilliseconds = delayMilliseconds
    }

    var calls: [[Address]] { lock.run { requested } }

    func profiles(for addresses: [Address]) async -> [Address: Profile] {
        let snapshot = lock.run { () -> [Address: Profile] in
            requested.append(addresses.sorted())
            return known
        }
        if delayMilliseconds > 0 { try? await Task.sleep(nanoseconds: delayMilliseconds * 1_000_000) }
        return snapshot.filter { addresses.contains($0.key) }
    }
}

@Suite struct ProfileSourceTests {
    @Test func fallbackIsAddressWithEmptyName() async {
        let profiles = await FallbackProfileSource().profiles(for: [addr(1), addr(1), addr(2)])
        #expect(profiles.count == 2)
        #expect(profiles[addr(1)] == Profile(address: addr(1), name: "", hasClaimedName: false, pictureURL: ""))
    }

    @Test func completeProfilesNeverLoseAnEntry() async {
        let source = ScriptedProfileSource([addr(1): Profile(address: addr(1), name: "alice")])
        let profiles = await source.completeProfiles(for: [addr(1), addr(2)])
        #expect(profiles[addr(1)]?.name == "alice")
        #expect(profiles[addr(2)] == .fallback(addr(2)))
    }

    @Test func cacheFetchesOnlyMissingInOneBatchAndExpires() async {
        let clock = ManualClock()
        let upstream = ScriptedProfileSource([addr(1): Profile(address: addr(1), name: "alice")])
        let cached = CachedProfileSource(
            upstream: upstream, configuration: .init(ttlMilliseconds: 10_000, negativeTTLMilliseconds: 1_000),
            clock: clock, log: .silent)
        _ = await cached.profiles(for: [addr(1), addr(2)])
        let second = await cached.profiles(for: [addr(1), addr(2)])
        #expect(second[addr(1)]?.name == "alice" && second[addr(2)] == nil)
        #expect(upstream.calls == [[addr(1), addr(2)]])
        clock.advance(by: 1_000)  // the negative entry expired, the positive one not
        _ = await cached.profiles(for: [addr(1), addr(2)])
        clock.advance(by: 9_000)
        _ = await cached.profiles(for: [addr(1)])
        #expect(upstream.calls == [[addr(1), addr(2)], [addr(2)], [addr(1)]])
    }

    @Test func slowSourceIsNotAwaitedBeyondTheTimeoutButFillsTheCache() async throws {
        let upstream = ScriptedProfileSource([addr(1): Profile(address: addr(1), name: "alice")], delayMilliseconds: 300)
        let cached = CachedProfileSource(upstream: upstream, configuration: .init(timeoutMilliseconds: 20), log: .silent)
        let first = await cached.completeProfiles(for: [addr(1)])
        #expect(first[addr(1)] == .fallback(addr(1)))
        // The late answer lands in the cache; poll without timing assertions.
        var later: Profile?
        for _ in 0..<100 where later?.name != "alice" {
            try await Task.sleep(nanoseconds: 20_000_000)
            later = await cached.profiles(for: [addr(1)])[addr(1)]
        }
        #expect(later?.name == "alice")
    }

    @Test func profileServiceJSONFollowsTheReferenceRules() throws {
        let body = """
        [
          {"avatars":[{"userId":"0x00000000000000000000000000000000000000AA","name":"Alice","hasClaimedName":true,
            "avatar":{"snapshots":{"face256":"https://img/a.png"}},"nameColor":{"r":1,"g":0.5,"b":0}}]},
          {"avatars":[{"userId":"0x00000000000000000000000000000000000000bb","name":"","unclaimedName":"bob#1234",
            "avatar":{"snapshots":{"face256":"https://img/b.png"}}}]},
          {"avatars":[{"userId":"0x00000000000000000000000000000000000000cc","name":"NoFace","avatar":{"snapshots":{}}}]},
          {"avatars":[{"userId":"0x00000000000000000000000000000000000000dd","avatar":{"snapshots":{"face256":"x"}}}]},
          {"avatars":[{"name":"NoUser","avatar":{"snapshots":{"face256":"x"}}}]},
          {"avatars":[]}, 17, "junk"
        ]
        """
        let profiles = try ProfileServiceResponse.parse(Array(body.utf8))
        #expect(profiles.count == 2)
        let alice = try #require(profiles[Address("0x00000000000000000000000000000000000000aa")!])
        #expect(alice.name == "Alice" && alice.hasClaimedName && alice.pictureURL == "https://img/a.png")
        #expect(alice.nameColor == Profile.Color(r: 1, g: 0.5, b: 0))
        let bob = try #require(profiles[Address("0x00000000000000000000000000000000000000bb")!])
        #expect(bob.name == "bob#1234" && !bob.hasClaimedName && bob.nameColor == nil)
    }

    @Test func profileServiceRejectsNonJSON() {
        #expect(throws: ProfileServiceResponse.ParseError.notJSON) { try ProfileServiceResponse.parse(Array("<html>".utf8)) }
        #expect(throws: ProfileServiceResponse.ParseError.unexpectedShape) { try ProfileServiceResponse.parse(Array("{\"a\":1}".utf8)) }
    }

    @Test func requestBodyIsIdsArray() {
        let body = String(decoding: ProfileServiceResponse.requestBody(for: [addr(1), addr(2)]), as: UTF8.self)
        #expect(body == "{\"ids\":[\"\(addr(1))\",\"\(addr(2))\"]}")
    }

    @Test func httpSourcePostsBatchesAndSurvivesErrors() async {
        let client = FakeHTTPClient { url, body in
            #expect(url == "http://profiles.test/profiles")
            let ids = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: [String]])?["ids"] ?? []
            if ids.contains(addr(3).rawValue) { return (500, []) }
            let entries = ids.map { "{\"avatars\":[{\"userId\":\"\($0)\",\"name\":\"n\($0.suffix(1))\",\"avatar\":{\"snapshots\":{\"face256\":\"f\"}}}]}" }
            return (200, Array("[\(entries.joined(separator: ","))]".utf8))
        }
        let source = HTTPProfileSource(baseURL: "http://profiles.test/", client: client, batchSize: 2, log: .silent)
        let profiles = await source.profiles(for: [addr(1), addr(2), addr(3)])
        // Batches are [1, 2] and [3]; addr(3)'s batch failed with 500, the other still answered.
        #expect(client.requestCount == 2)
        #expect(profiles[addr(3)] == nil)
        #expect(profiles[addr(1)]?.name == "n1" && profiles[addr(2)]?.name == "n2")
    }

    @Test func matrixSourceMapsDisplayNameAndThumbnail() async {
        let fetcher = FakeMatrixFetcher(profiles: [
            "@\(addr(1).rawValue):decentraland.org": MatrixProfile(displayName: "Alice", avatarURL: "mxc://decentraland.org/AbC123"),
            "@\(addr(2).rawValue):decentraland.org": MatrixProfile(displayName: nil, avatarURL: nil),
            "@\(addr(3).rawValue):decentraland.org": MatrixProfile(displayName: "Carol", avatarURL: "https://not-mxc"),
        ])
        let source = MatrixProfileSource(fetcher: fetcher, serverName: "decentraland.org", homeserverURL: "https://hs.test/", concurrency: 2, log: .silent)
        let profiles = await source.profiles(for: [addr(1), addr(2), addr(3), addr(4)])
        #expect(profiles[addr(1)]?.name == "Alice")
        #expect(profiles[addr(1)]?.pictureURL == "https://hs.test/_matrix/media/v3/thumbnail/decentraland.org/AbC123?width=256&height=256&method=crop")
        #expect(profiles[addr(2)] == nil && profiles[addr(4)] == nil)
        #expect(profiles[addr(3)]?.pictureURL == "")
        #expect(source.thumbnailURL(forMXC: "mxc://server/../etc") == nil)
        #expect(source.thumbnailURL(forMXC: "mxc://server") == nil)
    }
}

final class FakeHTTPClient: ProfileHTTPClient, @unchecked Sendable {
    private let lock = NSLockBox()
    private var count = 0
    private let respond: @Sendable (String, [UInt8]) -> (Int, [UInt8])

    init(_ respond: @escaping @Sendable (String, [UInt8]) -> (Int, [UInt8])) { self.respond = respond }

    var requestCount: Int { lock.run { count } }

    func postJSON(url: String, body: [UInt8], timeoutMilliseconds: Int64) async throws -> (status: Int, body: [UInt8]) {
        lock.run { count += 1 }
        let (status, body) = respond(url, body)
        return (status, body)
    }
}

struct FakeMatrixFetcher: MatrixProfileFetching {
    struct NotFound: Error {}
    let profiles: [String: MatrixProfile]
    func profile(userID: String) async throws -> MatrixProfile? {
        guard let profile = profiles[userID] else { throw NotFound() }
        return profile
    }
}

import CurlHTTP

/// Records the request and answers a canned response.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLockBox()
    private var recorded: [HTTPRequest] = []
    let response: HTTPResponse

    init(_ response: HTTPResponse) { self.response = response }

    var requests: [HTTPRequest] { lock.run { recorded } }

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        lock.run { recorded.append(request) }
        return response
    }
}

@Suite struct CurlProfileHTTPClientTests {
    @Test func postsJSONThroughTheTransport() async throws {
        let body = "[{\"avatars\":[{\"userId\":\"\(addr(1))\",\"name\":\"one\",\"avatar\":{\"snapshots\":{\"face256\":\"f\"}}}]}]"
        let transport = RecordingTransport(HTTPResponse(status: 200, body: Array(body.utf8)))
        let source = HTTPProfileSource(baseURL: "http://registry.test", client: CurlProfileHTTPClient(transport: transport), log: .silent)
        let profiles = await source.profiles(for: [addr(1)])
        #expect(profiles[addr(1)]?.name == "one")
        let request = try #require(transport.requests.first)
        #expect(request.method == .post && request.url == "http://registry.test/profiles")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.body == ProfileServiceResponse.requestBody(for: [addr(1)]))
    }
}
