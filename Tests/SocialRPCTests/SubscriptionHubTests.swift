import Testing
import SocialDomain
@testable import SocialRPC

@Suite struct SubscriptionHubTests {
    @Test func everyConnectionOfTheRecipientGetsEachUpdate() async throws {
        let hub = SubscriptionHub<String>(kind: "test updates", log: .silent)
        let first = try hub.subscribe(recipient: addr(1), connectionID: 10)
        let second = try hub.subscribe(recipient: addr(1), connectionID: 11)
        let other = try hub.subscribe(recipient: addr(2), connectionID: 12)
        #expect(hub.publish("a", to: addr(1)) == 2)
        #expect(hub.publish("b", to: addr(1)) == 2)
        #expect(hub.publish("x", to: addr(3)) == 0)
        var i1 = first.makeAsyncIterator(), i2 = second.makeAsyncIterator()
        #expect(try await i1.next() == "a")
        #expect(try await i1.next() == "b")
        #expect(try await i2.next() == "a")
        #expect(try await i2.next() == "b")
        hub.publish("c", to: addr(2))
        var i3 = other.makeAsyncIterator()
        #expect(try await i3.next() == "c")
    }

    @Test func duplicateSubscriptionOnOneConnectionIsRefused() throws {
        let hub = SubscriptionHub<String>(kind: "test updates", log: .silent)
        let kept = try hub.subscribe(recipient: addr(1), connectionID: 10)
        #expect(throws: SubscriptionHub<String>.SubscribeError.duplicate) {
            _ = try hub.subscribe(recipient: addr(1), connectionID: 10)
        }
        #expect(hub.subscriptionCount == 1)
        _ = kept
    }

    @Test func cancellingTheConsumerRemovesTheSubscription() async throws {
        let hub = SubscriptionHub<String>(kind: "test updates", log: .silent)
        let stream = try hub.subscribe(recipient: addr(1), connectionID: 10)
        let consumer = Task {
            var received: [String] = []
            for try await element in stream { received.append(element) }
            return received
        }
        hub.publish("a", to: addr(1))
        consumer.cancel()
        _ = try? await consumer.value
        #expect(hub.subscriptionCount == 0)
        #expect(!hub.hasSubscribers(addr(1)))
        // The connection may subscribe again afterwards.
        let again = try hub.subscribe(recipient: addr(1), connectionID: 10)
        #expect(hub.subscriptionCount == 1)
        _ = again
    }

    @Test func droppingTheStreamRemovesTheSubscription() async throws {
        let hub = SubscriptionHub<Int>(kind: "test updates", log: .silent)
        do {
            let stream = try hub.subscribe(recipient: addr(1), connectionID: 10)
            var iterator = stream.makeAsyncIterator()
            hub.publish(1, to: addr(1))
            #expect(try await iterator.next() == 1)
        }
        #expect(hub.subscriptionCount == 0)
    }

    @Test func theThousandAndFirstBufferedUpdateDropsTheOldestAndIsCounted() async throws {
        let lines = LineCollector()
        let hub = UpdateHub(log: SocialLog { lines.append($0) })
        let stream = try hub.blocks.subscribe(recipient: addr(1), connectionID: 10)
        for n in 1...1_000 { hub.blocks.publish(BlockEvent(blocker: addr(n + 100), blocked: addr(1), isBlocked: true), to: addr(1)) }
        #expect(hub.blocks.droppedCount == 0)
        hub.blocks.publish(BlockEvent(blocker: addr(1_101), blocked: addr(1), isBlocked: true), to: addr(1))
        #expect(hub.blocks.droppedCount == 1)
        #expect(hub.droppedCounts.map(\.count) == [0, 1, 0])
        #expect(lines.lines.count == 1 && lines.lines[0].contains("1000 updates behind"))
        hub.finishAll()
        var blockers: [Address] = []
        for try await event in stream { blockers.append(event.blocker) }
        #expect(blockers == (2...1_001).map { addr($0 + 100) })
    }

    @Test func boundedBufferDropsOldestAndLogsIt() async throws {
        let lines = LineCollector()
        let hub = SubscriptionHub<Int>(kind: "test updates", bufferLimit: 3, log: SocialLog { lines.append($0) })
        let stream = try hub.subscribe(recipient: addr(1), connectionID: 10)
        for n in 1...5 { hub.publish(n, to: addr(1)) }
        hub.finishAll()
        var received: [Int] = []
        for try await n in stream { received.append(n) }
        #expect(received == [3, 4, 5])
        #expect(lines.lines.count == 2)
        #expect(lines.lines.first?.contains("dropped the oldest") == true)
    }
}

/// Collects log lines.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLockBox()
    private var stored: [String] = []
    func append(_ line: String) { lock.run { stored.append(line) } }
    var lines: [String] { lock.run { stored } }
}

import Foundation
final class NSLockBox: @unchecked Sendable {
    private let lock = NSLock()
    func run<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }
}
