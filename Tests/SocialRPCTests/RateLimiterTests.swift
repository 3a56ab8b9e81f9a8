import Testing
import SocialDomain
@testable import SocialRPC

@Suite struct RateLimiterTests {
    @Test func referenceNumbersAndMessage() {
        #expect(RateLimiter.Configuration.reference == .init(perActor: 30, perPair: 10, windowMilliseconds: 60_000))
        #expect(RateLimiter.exceededMessage == "Too many friendship or block actions. Please try again later")
    }

    @Test func pairLimitIsTenPerWindowAndSymmetricForFriendship() {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        let (a, b) = (addr(1), addr(2))
        for i in 0..<10 {
            // Alternate sides: the friendship pair counter is shared both ways.
            let allowed = i.isMultiple(of: 2) ? limiter.allow(actor: a, target: b, scope: .friendship)
                                              : limiter.allow(actor: b, target: a, scope: .friendship)
            #expect(allowed)
        }
        #expect(!limiter.allow(actor: a, target: b, scope: .friendship))
        #expect(!limiter.allow(actor: b, target: a, scope: .friendship))
        clock.advance(by: 60_000)
        #expect(limiter.allow(actor: a, target: b, scope: .friendship))
    }

    @Test func blockPairKeyIsDirectional() {
        let limiter = RateLimiter(clock: ManualClock())
        let (a, b) = (addr(1), addr(2))
        for _ in 0..<10 { #expect(limiter.allow(actor: a, target: b, scope: .block)) }
        #expect(!limiter.allow(actor: a, target: b, scope: .block))
        // The other direction has its own counter, and the friendship counter is separate.
        #expect(limiter.allow(actor: b, target: a, scope: .block))
        #expect(limiter.allow(actor: a, target: b, scope: .friendship))
    }

    @Test func actorLimitIsThirtyAcrossTargets() {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        let actor = addr(1)
        for n in 0..<30 { #expect(limiter.allow(actor: actor, target: addr(100 + n), scope: .friendship)) }
        #expect(!limiter.allow(actor: actor, target: addr(500), scope: .friendship))
        #expect(limiter.allow(actor: addr(2), target: addr(500), scope: .friendship))
        clock.advance(by: 59_999)
        #expect(!limiter.allow(actor: actor, target: addr(501), scope: .block))
        clock.advance(by: 1)
        #expect(limiter.allow(actor: actor, target: addr(501), scope: .block))
    }

    @Test func configurableLimits() {
        let clock = ManualClock()
        let limiter = RateLimiter(configuration: .init(perActor: 2, perPair: 5, windowMilliseconds: 1_000), clock: clock)
        #expect(limiter.allow(actor: addr(1), target: addr(2), scope: .friendship))
        #expect(limiter.allow(actor: addr(1), target: addr(3), scope: .friendship))
        #expect(!limiter.allow(actor: addr(1), target: addr(4), scope: .friendship))
        clock.advance(by: 1_000)
        #expect(limiter.allow(actor: addr(1), target: addr(4), scope: .friendship))
    }
}
