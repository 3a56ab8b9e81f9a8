import Testing
import SocialDomain
@testable import SocialRPC

@Suite struct StreamsCoreTests {
    let a = addr(0xa), b = addr(0xb), c = addr(0xc)

    @Test func everyConnectionOfTheUserGetsTheUpdateAndDuplicatesAreRefused() async throws {
        let h = try CoreHarness(.memory)
        let first = try h.core.friendshipUpdates(caller: b, connectionID: 1)
        let second = try h.core.friendshipUpdates(caller: b, connectionID: 2)
        #expect(throws: SubscriptionHub<FriendshipEvent>.SubscribeError.duplicate) { _ = try h.core.friendshipUpdates(caller: b, connectionID: 1) }
        try await h.act(a, .request, b)
        #expect(try await drainBuffered(first, expecting: 1).first?.action == .request)
        #expect(try await drainBuffered(second, expecting: 1).first?.action == .request)
    }

    @Test func connectivitySnapshotThenLiveChanges() async throws {
        let h = try CoreHarness(.memory)
        try await h.act(a, .request, b); try await h.act(b, .accept, a)
        try await h.act(a, .request, c); try await h.act(c, .accept, a)
        h.presence.connectionAuthenticated(20, as: b)
        h.presence.connectionAuthenticated(10, as: a)
        let publisher = ConnectivityPublisher(presence: h.presence, repository: h.repository, profiles: h.profiles, hub: h.hub, log: .silent)
        let stream = try h.core.connectivityUpdates(caller: a, connectionID: 10)
        #expect(throws: SubscriptionHub<ConnectivityEvent>.SubscribeError.duplicate) {
            _ = try h.core.connectivityUpdates(caller: a, connectionID: 10)
        }
        h.presence.connectionAuthenticated(30, as: c)
        h.presence.connectionClosed(20)
        h.presence.finish()
        await publisher.run()
        let events = try await drainBuffered(stream, expecting: 4)
        // Snapshot: b online. Live (the publisher replays every change since start; a's own is not sent
        // to a): b online, c online, b offline.
        #expect(events.map(\.friend.address) == [b, b, c, b])
        #expect(events.map(\.status) == [.online, .online, .online, .offline])
    }

    @Test func acceptingAnnouncesEachConnectedSideToTheOther() async throws {
        let h = try CoreHarness(.memory)
        h.presence.connectionAuthenticated(1, as: a)
        h.presence.connectionAuthenticated(2, as: b)
        let toA = try h.core.connectivityUpdates(caller: a, connectionID: 1)
        let toB = try h.core.connectivityUpdates(caller: b, connectionID: 2)
        try await h.act(a, .request, b)
        try await h.act(b, .accept, a)
        #expect(try await drainBuffered(toA, expecting: 1) == [ConnectivityEvent(friend: .fallback(b), status: .online)])
        #expect(try await drainBuffered(toB, expecting: 1) == [ConnectivityEvent(friend: .fallback(a), status: .online)])
    }

    @Test func cancellingAConnectivityStreamEndsItsSubscription() async throws {
        let h = try CoreHarness(.memory)
        try await h.act(a, .request, b); try await h.act(b, .accept, a)
        h.presence.connectionAuthenticated(2, as: b)
        let stream = try h.core.connectivityUpdates(caller: a, connectionID: 1)
        let consumer = Task {
            var seen = 0
            for try await _ in stream { seen += 1 }
            return seen
        }
        // Wait until the snapshot element was consumed, then cancel.
        while h.hub.connectivity.subscriptionCount == 1 {
            consumer.cancel()
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        _ = try? await consumer.value
        #expect(h.hub.connectivity.subscriptionCount == 0)
    }
}
