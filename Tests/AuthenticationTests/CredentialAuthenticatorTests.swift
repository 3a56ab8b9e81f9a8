import SocialDomain
import Testing
@testable import Authentication

@Suite struct CredentialAuthenticatorTests {
    static let clock = FixedWallClock(nowMilliseconds: RecordedChain.now)
    static let matrixUser = "@0xabc0000000000000000000000000000000000001:decentraland.org"

    private func both(validator: (any ContractWalletValidator)? = nil) -> CredentialAuthenticator {
        CredentialAuthenticator(
            authChainVerifier: AuthChainVerifier(clock: Self.clock, contractWalletValidator: validator),
            matrixAuthenticator: MatrixTokenAuthenticator(resolver: FakeWhoAmI(users: ["tok": Self.matrixUser]), serverName: "decentraland.org"))
    }

    private func reason(_ authenticator: CredentialAuthenticator, _ credential: [UInt8]) async -> AuthenticationError.Reason? {
        do {
            _ = try await authenticator.authenticate(credential: credential)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func dispatchesOnShape() async throws {
        let authenticator = both()
        #expect(authenticator.enabledKinds == [.authChain, .matrix])
        let viaChain = try await authenticator.authenticate(credential: RecordedChain.good.credential())
        #expect(viaChain.rawValue == "0xc00d4b0ce5689033e97e77c2a02b7dbb7354fac8")
        let viaToken = try await authenticator.authenticate(credential: Array(#"{"matrix_access_token":"tok"}"#.utf8))
        #expect(viaToken.rawValue == "0xabc0000000000000000000000000000000000001")
        #expect(await reason(authenticator, Array(#"{"matrix_access_token":"other"}"#.utf8)) == .unknownToken)
        #expect(await reason(authenticator, Array(#"{"matrix_access_token":7}"#.utf8)) == .badJSON)
    }

    @Test func refusesDisabledKinds() async {
        let chainOnly = CredentialAuthenticator(authChainVerifier: AuthChainVerifier(clock: Self.clock), matrixAuthenticator: nil)
        #expect(chainOnly.enabledKinds == [.authChain])
        #expect(await reason(chainOnly, Array(#"{"matrix_access_token":"tok"}"#.utf8)) == .kindDisabled)
        let matrixOnly = CredentialAuthenticator(
            authChainVerifier: nil, matrixAuthenticator: MatrixTokenAuthenticator(resolver: FakeWhoAmI(), serverName: "decentraland.org"))
        #expect(await reason(matrixOnly, RecordedChain.good.credential()) == .kindDisabled)
        #expect(CredentialKind(rawValue: "authchain") == .authChain && CredentialKind(rawValue: "matrix") == .matrix)
    }

    @Test func refusesOversizedAndMalformedFrames() async {
        let authenticator = CredentialAuthenticator(
            authChainVerifier: AuthChainVerifier(clock: Self.clock), matrixAuthenticator: nil, maxCredentialBytes: 100)
        #expect(await reason(authenticator, [UInt8](repeating: UInt8(ascii: " "), count: 101)) == .tooLarge)
        #expect(await reason(authenticator, []) == .badJSON)
        #expect(await reason(authenticator, [0xFF, 0xFE, 0x00]) == .badJSON)
        #expect(await reason(authenticator, Array("\"string\"".utf8)) == .badJSON)
    }

    /// An EIP-1654 chain shaped like the recorded good one: link 1 retyped (its signature is then the
    /// "contract" signature the validator vouches for) and link 2 still signed by the ephemeral key.
    private var contractChain: [UInt8] {
        var links = RecordedChain.good.links
        links[1].type = .eip1654Ephemeral
        return RecordedChain.good.credential(links: links)
    }

    @Test func contractWalletLinksNeedAValidator() async {
        #expect(await reason(both(), contractChain) == .contractWalletDisabled)
    }

    @Test func contractWalletVerdicts() async throws {
        let owner = "0xc00D4b0CE5689033E97E77c2a02b7dbb7354FAc8"
        let approving = FakeContractWalletValidator(.answer(ContractWalletVerdict(valid: true, ownerAddress: owner)))
        let address = try await both(validator: approving).authenticate(credential: contractChain)
        #expect(address.rawValue == owner.lowercased())
        #expect(approving.requests.count == 1)
        #expect(approving.requests.first?.payload == "get:/:1767225600000:{}")

        let refusing = FakeContractWalletValidator(.answer(ContractWalletVerdict(valid: false, ownerAddress: owner)))
        #expect(await reason(both(validator: refusing), contractChain) == .contractWalletRejected)
        let otherOwner = FakeContractWalletValidator(.answer(ContractWalletVerdict(valid: true, ownerAddress: "0x0000000000000000000000000000000000000001")))
        #expect(await reason(both(validator: otherOwner), contractChain) == .contractWalletRejected)
        let down = FakeContractWalletValidator(.fail)
        #expect(await reason(both(validator: down), contractChain) == .contractWalletUnavailable)
    }

    @Test func contractWalletChainsAreCheckedLocallyFirst() async {
        let approving = FakeContractWalletValidator(.answer(ContractWalletVerdict(valid: true, ownerAddress: RecordedChain.good.owner)))
        // Wrong shape: the EIP-1654 link in the last position.
        var links = RecordedChain.good.links
        links[2].type = .eip1654SignedEntity
        #expect(await reason(both(validator: approving), RecordedChain.good.credential(links: links)) == .invalidChain)
        // Signed payload that is not the expected one.
        var wrongPayload = RecordedChain.good
        wrongPayload.timestamp = "1767225600001"
        links = wrongPayload.links
        links[1].type = .eip1654Ephemeral
        #expect(await reason(both(validator: approving), wrongPayload.credential(links: links)) == .payloadMismatch)
        // Expired ephemeral key.
        links = RecordedChain.expiredEphemeral.links
        links[1].type = .eip1654Ephemeral
        #expect(await reason(both(validator: approving), RecordedChain.expiredEphemeral.credential(links: links)) == .ephemeralExpired)
        #expect(approving.requests.isEmpty)
    }
}
