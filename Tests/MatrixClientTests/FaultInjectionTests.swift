import BridgeTestSupport
import CurlHTTP
import Foundation
import MatrixClient
import Testing

/// MatrixClient through the fault proxy in front of the live Synapse (spec §8.7).
@Suite("MatrixClient through the fault proxy", .enabled(if: LiveSynapse.isAvailable, LiveSynapse.missingReason))
struct FaultInjectionTests {
    private func client(_ proxy: FaultProxyProcess, maxAttempts: Int = 5) -> (MatrixClient, HTTPCounters) {
        let counters = HTTPCounters()
        let curl = CurlHTTPClient(configuration: HTTPClientConfiguration(totalTimeoutMilliseconds: 2_000), counters: counters)
        let retrying = RetryingTransport(
            curl, policy: RetryPolicy(maxAttempts: maxAttempts, baseDelayMilliseconds: 5, maxDelayMilliseconds: 100), counters: counters)
        return (MatrixClient(homeserver: proxy.baseURL, accessToken: TestEnvironment.synapseAdminToken ?? "", transport: retrying), counters)
    }

    @Test func readsSurviveRateLimitsServerErrorsTimeoutsAndTruncation() async throws {
        let seeded = try await LiveSynapse.seeded()
        let rules = #"""
        [{"path": "/_synapse/admin/v2/users", "action": "429", "retry_after_ms": 20, "times": 1},
         {"path": "/_synapse/admin/v2/users", "action": "429_header", "retry_after": 0, "times": 1},
         {"path": "/_synapse/admin/v2/users", "action": "429_bare", "times": 1},
         {"path": "/_synapse/admin/v1/rooms?", "action": "500", "times": 2},
         {"path": "/state", "action": "truncate", "times": 1},
         {"path": "/messages", "action": "hang", "times": 1},
         {"path": "/accountdata", "action": "500", "status": 502, "times": 1}]
        """#
        let proxy = try FaultProxyProcess(rules: rules, upstream: TestEnvironment.synapseURL)
        defer { proxy.stop() }
        let (matrix, counters) = client(proxy)
        let users = try await matrix.allUsers()
        #expect(Set(seeded.users.values).isSubset(of: Set(users.map(\.name))))
        let rooms = try await matrix.allRooms()
        let dm = try #require(seeded.rooms["dm"])
        #expect(rooms.contains { $0.roomID == dm })
        #expect(try await matrix.adminRoomState(dm).contains { $0.eventID == seeded.events["acc"] })
        let history = try await matrix.roomHistory(dm, types: ["m.room.create", "org.decentraland.friendship"])
        #expect(history.isComplete)
        #expect(try await matrix.adminAccountData(try #require(seeded.users["a"])).direct != nil)
        #expect(counters.snapshot.retries == 8)
    }

    @Test func garbageBodiesAndPersistentFailuresAreTypedErrors() async throws {
        let rules = #"""
        [{"path": "/account/whoami", "action": "garbage"},
         {"path": "/_synapse/admin/v1/rooms?", "action": "500"},
         {"path": "/_synapse/admin/v2/users", "action": "500", "status": 401}]
        """#
        let proxy = try FaultProxyProcess(rules: rules, upstream: TestEnvironment.synapseURL)
        defer { proxy.stop() }
        let (matrix, counters) = client(proxy, maxAttempts: 3)
        let garbage = await #expect(throws: MatrixError.self) { _ = try await matrix.whoAmI() }
        #expect(garbage?.kind == .malformedResponse)
        #expect(garbage?.endpoint == "GET /_matrix/client/v3/account/whoami")
        let failing = await #expect(throws: MatrixError.self) { _ = try await matrix.listRooms() }
        #expect(failing?.kind == .server)
        #expect(failing?.status == 500)
        let before = counters.snapshot.requests
        let unauthorized = await #expect(throws: MatrixError.self) { _ = try await matrix.listUsers() }
        #expect(unauthorized?.isAuthorizationFailure == true)
        #expect(counters.snapshot.requests == before + 1)
        #expect(counters.snapshot.retries == 2)
    }
}
