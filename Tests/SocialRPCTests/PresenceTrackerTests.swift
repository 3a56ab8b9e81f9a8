import Testing
import SocialDomain
@testable import SocialRPC

@Suite struct PresenceTrackerTests {
    private func drain(_ tracker: PresenceTracker, count: Int) async -> [PresenceTracker.Change] {
        var iterator = tracker.changes.makeAsyncIterator()
        var changes: [PresenceTracker.Change] = []
        for _ in 0..<count { if let change = await iterator.next() { changes.append(change) } }
        return changes
    }

    @Test func onlineWhileAnyConnectionOfflineWhenTheLastCloses() async {
        let tracker = PresenceTracker(awayAfterMilliseconds: nil, clock: ManualClock())
        tracker.connectionAuthenticated(1, as: addr(1))
        tracker.connectionAuthenticated(2, as: addr(1))
        #expect(tracker.status(of: addr(1)) == .online)
        tracker.connectionClosed(1)
        #expect(tracker.status(of: addr(1)) == .online)
        tracker.connectionClosed(2)
        #expect(tracker.status(of: addr(1)) == .offline)
        tracker.connectionClosed(2)  // a second close is ignored
        tracker.finish()
        let changes = await drain(tracker, count: 3)
        #expect(changes == [.init(address: addr(1), status: .online), .init(address: addr(1), status: .offline)])
    }

    @Test func awayAfterIdleTimeAndBackOnActivity() async {
        let clock = ManualClock()
        let tracker = PresenceTracker(awayAfterMilliseconds: 10_000, clock: clock)
        tracker.connectionAuthenticated(1, as: addr(1))
        tracker.connectionAuthenticated(2, as: addr(1))
        clock.advance(by: 6_000)
        tracker.connectionActivity(2)
        clock.advance(by: 6_000)
        tracker.sweepIdle()
        // Connection 2 was active 6 s ago: still online.
        #expect(tracker.status(of: addr(1)) == .online)
        clock.advance(by: 4_000)
        tracker.sweepIdle()
        #expect(tracker.status(of: addr(1)) == .away)
        tracker.sweepIdle()  // no repeated AWAY
        tracker.connectionActivity(1)
        #expect(tracker.status(of: addr(1)) == .online)
        tracker.finish()
        let changes = await drain(tracker, count: 4).map(\.status)
        #expect(changes == [.online, .away, .online])
    }

    @Test func connectedStatusesListOnlyConnectedUsers() {
        let clock = ManualClock()
        let tracker = PresenceTracker(awayAfterMilliseconds: 1_000, clock: clock)
        tracker.connectionAuthenticated(1, as: addr(1))
        clock.advance(by: 2_000)
        tracker.sweepIdle()
        tracker.connectionAuthenticated(2, as: addr(2))
        let statuses = tracker.connectedStatuses(among: [addr(1), addr(2), addr(3)])
        #expect(statuses == [addr(1): .away, addr(2): .online])
        #expect(tracker.connectedUserCount == 2)
        // Activity on an unknown connection is ignored.
        tracker.connectionActivity(99)
        #expect(tracker.connectedUserCount == 2)
    }
}
