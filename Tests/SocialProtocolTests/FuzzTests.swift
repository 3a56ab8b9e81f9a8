import Protobuf
import Testing
@testable import SocialProtocol

/// Random and mutated inputs never crash a decoder: each either throws a `ProtobufError` or yields a value
/// that survives a re-encode/decode round trip unchanged.
@Suite struct FuzzTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    }

    struct Outcome { var decoded = 0, rejected = 0 }

    private func mutate(_ seed: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = seed
        for _ in 0...random.below(3) {
            switch random.below(5) {
            case 0 where !bytes.isEmpty: bytes[random.below(bytes.count)] = random.byte()
            case 1 where !bytes.isEmpty: bytes.removeLast(random.below(bytes.count) + 1)
            case 2: bytes.insert(random.byte(), at: random.below(bytes.count + 1))
            case 3 where !bytes.isEmpty: bytes[random.below(bytes.count)] ^= 1 << UInt8(random.below(8))
            default: bytes += (0..<random.below(6)).map { _ in random.byte() }
            }
        }
        return bytes
    }

    private func fuzz<M: ProtoMessage>(_ seeds: [M], rounds: Int, random: inout Random) -> Outcome {
        var outcome = Outcome()
        let encodedSeeds = seeds.map { $0.serializedBytes() }
        for round in 0..<rounds {
            let input: [UInt8]
            if round % 3 == 0 || encodedSeeds.isEmpty {
                input = (0..<random.below(48)).map { _ in random.byte() }
            } else {
                input = mutate(encodedSeeds[random.below(encodedSeeds.count)], &random)
            }
            do {
                let value = try M(serializedBytes: input)
                outcome.decoded += 1
                // Compared as bytes: a mutated float may be NaN, which is never equal to itself.
                let encoded = value.serializedBytes()
                let again = try M(serializedBytes: encoded)
                #expect(again.serializedBytes() == encoded, "round trip changed \(M.self) decoded from \(input)")
            } catch {
                outcome.rejected += 1
            }
        }
        return outcome
    }

    @Test func seedDecodersSurviveRandomAndMutatedInput() {
        var random = Random(state: 0x5EED)
        let rounds = 3_000
        var total = Outcome()
        func add(_ outcome: Outcome) { total.decoded += outcome.decoded; total.rejected += outcome.rejected }
        add(fuzz(SeedSamples.friends, rounds: rounds, random: &random))
        add(fuzz(SeedSamples.requests, rounds: rounds, random: &random))
        add(fuzz(SeedSamples.upsertPayloads, rounds: rounds, random: &random))
        add(fuzz(SeedSamples.upsertResponses, rounds: rounds, random: &random))
        add(fuzz(SeedSamples.updates, rounds: rounds, random: &random))
        add(fuzz(SeedSamples.blocked, rounds: rounds, random: &random))
        add(fuzz(SeedSamples.blockResponses, rounds: rounds, random: &random))
        add(fuzz(SeedSamples.statusResponses, rounds: rounds, random: &random))
        add(fuzz([GetFriendsPayload(pagination: Pagination(limit: 10, offset: 5))], rounds: rounds, random: &random))
        add(fuzz([GetBlockingStatusResponse(blockedUsers: ["0x1"], blockedByUsers: ["0x2"])], rounds: rounds, random: &random))
        // Both outcomes occur, so the inputs exercise the decoders' success and failure paths alike.
        #expect(total.decoded > 1_000)
        #expect(total.rejected > 1_000)
        #expect(total.decoded + total.rejected == rounds * 10)
    }
}

/// Valid messages to mutate.
enum SeedSamples {
    static let profile = FriendProfile(address: "0x1", name: "a", hasClaimedName: true, profilePictureUrl: "p",
                                       nameColor: Color3(r: 1, g: 0.5, b: 0.25))
    static let friends = [PaginatedFriendsProfilesResponse(friends: [profile, profile], paginationData: PaginatedResponse(total: 2, page: 1))]
    static let requests = [PaginatedFriendshipRequestsResponse(
        response: .requests(FriendshipRequests(requests: [FriendshipRequestResponse(friend: profile, createdAt: -1, message: "m", id: "i")])),
        paginationData: PaginatedResponse(total: 1, page: 1))]
    static let upsertPayloads = [
        UpsertFriendshipPayload(action: .request(.init(user: User(address: "0x2"), message: "hi"))),
        UpsertFriendshipPayload(action: .cancel(.init(user: User(address: "0x2")))),
    ]
    static let upsertResponses = [UpsertFriendshipResponse(response: .accepted(.init(id: "i", createdAt: 5, friend: profile, message: "")))]
    static let updates = [
        FriendshipUpdate(update: .request(.init(friend: profile, createdAt: 1, message: "x", id: "i"))),
        FriendshipUpdate(update: nil, streamClosed: SubscriptionStreamClosed(reason: .streamClosedDuplicateSubscription, message: "d")),
    ]
    static let blocked = [GetBlockedUsersResponse(profiles: [BlockedUserProfile(address: "0x3", blockedAt: 9, nameColor: Color3())],
                                                  paginationData: PaginatedResponse(total: 1, page: 1))]
    static let blockResponses = [BlockUserResponse(response: .ok(.init(profile: BlockedUserProfile(address: "0x3", blockedAt: 1))))]
    static let statusResponses = [GetFriendshipStatusResponse(response: .accepted(.init(status: .blockedBy, message: "")))]
}
