import Testing
@testable import Authentication

/// Damaged credentials never crash and never authenticate anyone but the real owner.
@Suite struct MutationTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    @Test func mutatedCredentialsAreRefusedOrStillTheOwner() async {
        let authenticator = CredentialAuthenticator(
            authChainVerifier: AuthChainVerifier(clock: FixedWallClock(nowMilliseconds: RecordedChain.now)), matrixAuthenticator: nil)
        let original = RecordedChain.good.credential()
        let owner = RecordedChain.good.owner.lowercased()
        let replacements = Array("0fF9\"\\{}[]:, xA\u{0}".utf8) + [0xC3, 0xFF]
        var random = SplitMix(state: 20_260_101)
        var refused = 0
        for _ in 0..<60 {
            var credential = original
            for _ in 0..<(1 + random.below(3)) {
                switch random.below(3) {
                case 0: credential[random.below(credential.count)] = replacements[random.below(replacements.count)]
                case 1: credential.remove(at: random.below(credential.count))
                default: credential = Array(credential.prefix(random.below(credential.count)))
                }
                if credential.isEmpty { break }
            }
            do {
                let address = try await authenticator.authenticate(credential: credential)
                #expect(address.rawValue == owner)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 30)
    }
}
