import Foundation
import RPCTransport
import SocialDomain
import SocialRPC
import SocialStore
import WebSocket

/// The real social server for `bench social`: `RPCWebSocketServer` + the SocialService handlers over a
/// temporary SQLite store, on 127.0.0.1 with an ephemeral port. Exists only for the measurement.
final class BenchSocialServer: Sendable {
    let store: SocialStore
    let hub: UpdateHub
    let server: WebSocketServer
    let port: Int
    let directory: URL

    /// Opens a fresh store in a temporary directory and starts the server (rate limits lifted: the
    /// benchmark writes 1,000 actions a second from one user on one pair).
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("socialbridge-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SocialStore(path: directory.appendingPathComponent("bench.sqlite").path)
        hub = UpdateHub()
        let unlimited = RateLimiter(configuration: .init(perActor: 1 << 40, perPair: 1 << 40))
        let core = SocialServiceCore(repository: store, hub: hub, rateLimiter: unlimited)
        let handler = RPCWebSocketServer(service: SocialServiceHandlers(core: core).makeService(),
                                         authenticator: BenchTrustingAuthenticator())
        var configuration = WebSocketServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.pingInterval = nil
        configuration.logger = StandardErrorLogger(minimumLevel: .warning)
        server = WebSocketServer(configuration: configuration, handler: handler)
        port = try server.start()
    }

    /// Stops the server and deletes the temporary store (blocking: call it off the cooperative pool).
    func shutdown() {
        server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `count` accepted friendships of `user` in one import batch (a request by `user`, the
    /// friend's accept), as the migration would.
    func seedFriends(of user: Address, count: Int) throws -> [Address] {
        let now = SocialStore.nowMilliseconds()
        var friends: [Address] = [], rows: [FriendshipRecord] = [], actions: [ActionRecord] = []
        for index in 0..<count {
            guard let friend = Self.address(0x10_0000 + index) else { throw BenchFailure("bad synthetic address") }
            let id = UUID().uuidString.lowercased(), at = now - Int64(count - index) * 1000
            friends.append(friend)
            rows.append(FriendshipRecord(id: id, requester: user, requested: friend, isActive: true, createdAt: at, updatedAt: at + 1))
            actions.append(ActionRecord(id: UUID().uuidString.lowercased(), friendshipID: id, action: .request, actingUser: user, message: nil, timestamp: at))
            actions.append(ActionRecord(id: UUID().uuidString.lowercased(), friendshipID: id, action: .accept, actingUser: friend, message: nil, timestamp: at + 1))
        }
        let result = try store.apply(ImportBatch(friendships: rows, actions: actions, now: now))
        guard result.friendshipsInserted == count else { throw BenchFailure("seeded \(result.friendshipsInserted) of \(count) friendships") }
        return friends
    }

    /// `0x` + 40 hex digits of `value`.
    static func address(_ value: Int) -> Address? { Address("0x" + String(format: "%040x", value)) }
}

/// BENCHMARK ONLY — trusts the first frame as the caller's address, without any proof. Used by the
/// in-process server of `bench social`, which listens on loopback for the run's duration only; never
/// wired into `serve` or any other command.
struct BenchTrustingAuthenticator: ConnectionAuthenticator {
    func authenticate(credential: [UInt8]) async throws -> String {
        guard let address = Address(String(decoding: credential, as: UTF8.self)) else {
            throw BenchFailure("the bench credential is not an address")
        }
        return address.rawValue
    }
}
