import Foundation
import SocialDomain
import SocialStore
import BridgeTestSupport
@testable import SocialRPC

/// Which repository a core test runs against.
enum RepositoryKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory
    case sqlite
    var description: String { rawValue }
}

/// A core wired to a fresh repository, a manual clock, a hub and a presence tracker.
struct CoreHarness {
    let repository: any SocialRepository
    let memory: InMemorySocialRepository?
    let clock: ManualClock
    let hub: UpdateHub
    let presence: PresenceTracker
    let core: SocialServiceCore
    let profiles: ScriptedProfileSource

    init(_ kind: RepositoryKind, limits: RateLimiter.Configuration = .reference, known: [Address: Profile] = [:]) throws {
        clock = ManualClock()
        switch kind {
        case .memory:
            let memory = InMemorySocialRepository()
            self.memory = memory
            repository = memory
        case .sqlite:
            let directory = try makeTemporaryDirectory("socialrpc")
            memory = nil
            repository = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
        }
        hub = UpdateHub(log: .silent)
        presence = PresenceTracker(awayAfterMilliseconds: 60_000, clock: clock)
        profiles = ScriptedProfileSource(known)
        core = SocialServiceCore(
            repository: repository, profiles: profiles, hub: hub, presence: presence,
            rateLimiter: RateLimiter(configuration: limits, clock: clock), clock: clock, log: .silent)
    }

    /// Runs an action that must succeed, moving the clock 1 s first so actions order by time.
    @discardableResult
    func act(_ caller: Address, _ action: FriendshipAction, _ target: Address, message: String? = nil) async throws -> SocialServiceCore.Accepted {
        clock.advance(by: 1_000)
        return try await core.upsertFriendship(caller: caller, action: action, target: target.rawValue, message: message)
    }

    /// The error an action fails with (nil when it succeeds).
    func failure(_ caller: Address, _ action: FriendshipAction, _ target: String, message: String? = nil) async -> SocialRPCError? {
        clock.advance(by: 1_000)
        do {
            _ = try await core.upsertFriendship(caller: caller, action: action, target: target, message: message)
            return nil
        } catch { return error }
    }

    func status(_ viewer: Address, _ other: Address) throws -> FriendshipStatus {
        try core.friendshipStatus(caller: viewer, target: other.rawValue)
    }

    func friends(_ user: Address, limit: Int32? = nil, offset: Int32? = nil) async throws -> SocialServiceCore.ProfilePage<Profile> {
        try await core.friends(caller: user, page: PageRequest(limit: limit, offset: offset, policy: .friends))
    }
}

/// Takes what a stream has buffered right now, without waiting for more.
func drainBuffered<T: Sendable>(_ stream: AsyncThrowingStream<T, any Error>, expecting count: Int) async throws -> [T] {
    var iterator = stream.makeAsyncIterator()
    var items: [T] = []
    for _ in 0..<count {
        guard let item = try await iterator.next() else { break }
        items.append(item)
    }
    return items
}
