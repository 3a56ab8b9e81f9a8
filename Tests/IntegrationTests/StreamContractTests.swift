import Foundation
import Testing
import BridgeDaemon
import BridgeTestSupport
import RPCTransport
import SocialDomain
import SocialProtocol
import SocialRPC
import SocialStore

/// "Everything committed after the offer was sent reaches the subscriber, in commit order", over real
/// sockets with the SocialService: a client that ACKs late (as JS, Rust and C# clients do, on
/// consumption) loses nothing; a refused, destroyed or disconnected stream leaves no subscription behind.
@Suite(.serialized) struct StreamContractTests {
    let a = addressFor(0xA), b = addressFor(0xB), c = addressFor(0xC)

    func makeServer(rateLimits: RateLimiter.Configuration = .reference) throws -> (SocialServer, Int) {
        let directory = try makeTemporaryDirectory("stream-contract")
        let store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
        let server = SocialServer(
            store: store, authenticator: AddressCredentialAuthenticator(),
            configuration: .init(awayAfterMilliseconds: nil, rateLimits: rateLimits), log: .silent)
        return (server, try server.start())
    }

    static func user(_ address: Address) -> User {
        var user = User()
        user.address = address.rawValue
        return user
    }

    /// `action` on `target` through UpsertFriendship; fails the test unless accepted.
    static func act(_ client: SocialTestClient, _ action: String, _ target: Address) throws {
        var payload = UpsertFriendshipPayload()
        switch action {
        case "request": payload.action = .request(.init(user: user(target), message: "hi"))
        case "accept": payload.action = .accept(.init(user: user(target)))
        default: throw SocialTestClient.Failure(description: "unknown action \(action)")
        }
        let response: UpsertFriendshipResponse = try client.call("UpsertFriendship", payload)
        guard case .accepted = response.response else { throw SocialTestClient.Failure(description: "\(action) refused: \(response)") }
    }

    static func block(_ client: SocialTestClient, _ target: Address, blocked: Bool) throws {
        if blocked {
            let response: BlockUserResponse = try client.call("BlockUser", BlockUserPayload(user: user(target)))
            guard case .ok = response.response else { throw SocialTestClient.Failure(description: "block refused") }
        } else {
            let response: UnblockUserResponse = try client.call("UnblockUser", UnblockUserPayload(user: user(target)))
            guard case .ok = response.response else { throw SocialTestClient.Failure(description: "unblock refused") }
        }
    }

    /// A short description of a FriendshipUpdate: `request from 0x…`, `accept from 0x…`, …
    static func describe(_ update: FriendshipUpdate) -> String {
        switch update.update {
        case .request(let request): return "request from \(request.friend?.address ?? "?")"
        case .accept(let accept): return "accept from \(accept.user?.address ?? "?")"
        case .reject(let reject): return "reject from \(reject.user?.address ?? "?")"
        case .delete(let delete): return "delete from \(delete.user?.address ?? "?")"
        case .cancel(let cancel): return "cancel from \(cancel.user?.address ?? "?")"
        case .block(let block): return "block from \(block.user?.address ?? "?")"
        case nil: return update.streamClosed.map { "closed: \($0.message ?? "")" } ?? "empty"
        }
    }

    @Test func aClientThatAcksHalfASecondLateGetsEverythingInOrder() async throws {
        let (server, port) = try makeServer()
        defer { server.stop() }
        let (a, b, c) = (self.a, self.b, self.c)
        let (friendship, blocks, connectivity) = try await onOwnThread { () -> ([String], [String], [String]) in
            let alice = try SocialTestClient(port: port, address: a)
            let carol = try SocialTestClient(port: port, address: c)
            let bob = try SocialTestClient(port: port, address: b)
            // Before any stream: Bob asked Carol (Bob is not told about his own action).
            try Self.act(bob, "request", c)
            let friendshipStream = try bob.openStream("SubscribeToFriendshipUpdates", EmptyMessage())
            let blockStream = try bob.openStream("SubscribeToBlockUpdates", EmptyMessage())
            let connectivityStream = try bob.openStream("SubscribeToFriendConnectivityUpdates", EmptyMessage())
            let offered = ContinuousClock.now
            // Every offer is in Bob's hands; now the others act while Bob holds his first ACKs back.
            try Self.act(alice, "request", b)
            try Self.act(carol, "accept", b)
            try Self.block(alice, b, blocked: true)
            try Self.block(alice, b, blocked: false)
            let remaining = .milliseconds(500) - (ContinuousClock.now - offered)
            if remaining > .zero { Thread.sleep(forTimeInterval: seconds(remaining)) }
            let updates: [FriendshipUpdate] = try bob.take(4, of: friendshipStream)
            let blockUpdates: [BlockUpdate] = try bob.take(2, of: blockStream)
            let presence: [FriendConnectivityUpdate] = try bob.take(1, of: connectivityStream)
            return (updates.map(Self.describe), blockUpdates.map { "\($0.isBlocked ? "blocked" : "unblocked") by \($0.address)" },
                    presence.map { "\($0.friend?.address ?? "?") \($0.status)" })
        }
        #expect(friendship == ["request from \(a)", "accept from \(c)", "block from \(a)", "delete from \(a)"])
        #expect(blocks == ["blocked by \(a)", "unblocked by \(a)"])
        #expect(connectivity == ["\(c) \(ConnectivityStatus.online)"])
    }

    @Test func aRefusedOfferLeavesNoSubscriptionBehind() async throws {
        let (server, port) = try makeServer()
        defer { server.stop() }
        let (a, b) = (self.a, self.b)
        let hub = server.hub
        let (counts, update) = try await onOwnThread { () -> ([Int], String) in
            let alice = try SocialTestClient(port: port, address: a)
            let bob = try SocialTestClient(port: port, address: b)
            var counts: [Int] = []
            let refused = try bob.openStream("SubscribeToFriendshipUpdates", EmptyMessage())
            counts.append(hub.friendships.subscriptionCount)
            try bob.cancel(refused)
            // Not a duplicate: the refused one is gone before the next frame is read.
            let second = try bob.openStream("SubscribeToFriendshipUpdates", EmptyMessage())
            counts.append(hub.friendships.subscriptionCount)
            try Self.act(alice, "request", b)
            let updates: [FriendshipUpdate] = try bob.take(1, of: second)
            return (counts, Self.describe(updates[0]))
        }
        #expect(counts == [1, 1])
        #expect(update == "request from \(a)")
    }

    @Test func destroyPortAndSocketCloseUnsubscribeAtOnce() async throws {
        let (server, port) = try makeServer()
        defer { server.stop() }
        let b = self.b
        let hub = server.hub
        let counts = try await onOwnThread { () -> [Int] in
            let bob = try SocialTestClient(port: port, address: b)
            _ = try bob.openStream("SubscribeToFriendshipUpdates", EmptyMessage())
            _ = try bob.openStream("SubscribeToBlockUpdates", EmptyMessage())
            _ = try bob.openStream("SubscribeToFriendConnectivityUpdates", EmptyMessage())
            var counts = [hub.subscriptionCount]
            try bob.send(DestroyPort(messageIdentifier: MessageIdentifier.make(.destroyPort, 0), portID: bob.portID))
            // A round trip on a new port proves the DESTROY_PORT was processed.
            try bob.send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 90), portName: "again"))
            _ = try bob.frame(number: 90)
            counts.append(hub.subscriptionCount)
            let again = try SocialTestClient(port: port, address: b)
            _ = try again.openStream("SubscribeToFriendshipUpdates", EmptyMessage())
            counts.append(hub.subscriptionCount)
            again.socket.closeSocket()
            for _ in 0..<100 where hub.subscriptionCount > 0 { Thread.sleep(forTimeInterval: 0.01) }
            counts.append(hub.subscriptionCount)
            return counts
        }
        #expect(counts == [3, 0, 1, 0])
    }

    @Test func theThousandAndFirstUpdateBeforeTheFirstAckDropsTheOldestAndIsCounted() async throws {
        let (server, port) = try makeServer(rateLimits: .init(perActor: 1 << 40, perPair: 1 << 40))
        defer { server.stop() }
        let (a, b) = (self.a, self.b)
        let bob = try await onOwnThread { () -> SocialTestClientBox in
            let bob = try SocialTestClient(port: port, address: b)
            return SocialTestClientBox(client: bob, stream: try bob.openStream("SubscribeToFriendshipUpdates", EmptyMessage()))
        }
        // 1,001 committed actions towards Bob (request, cancel, request, ...) while his first ACK waits.
        var actionIDs: [String] = []
        for index in 0..<1_001 {
            let action: FriendshipAction = index.isMultiple(of: 2) ? .request : .cancel
            _ = try await server.core.upsertFriendship(caller: a, action: action, target: b.rawValue, message: nil)
            actionIDs.append("\(action)")
        }
        #expect(server.hub.friendships.droppedCount == 1)
        let scrape = try await onOwnThread { try FrontDoorEndToEndTests.scrape(port: port) }
        #expect(scrape.contains(#"socialbridge_stream_updates_dropped_total{stream="friendship"} 1"#), "\(scrape)")
        let received = try await onOwnThread { () -> [String] in
            let updates: [FriendshipUpdate] = try bob.client.take(1_000, of: bob.stream)
            return updates.map { Self.describe($0).split(separator: " ").first.map(String.init) ?? "" }
        }
        // The oldest (the first request) went; the other 1,000 arrive in commit order.
        #expect(received == Array(actionIDs.dropFirst()))
    }
}

/// A client and one of its streams, handed between threads by the test (used by one thread at a time).
struct SocialTestClientBox: @unchecked Sendable {
    let client: SocialTestClient
    let stream: UInt32
}
