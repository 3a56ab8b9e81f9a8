import SocialDomain
import Testing
@testable import Authentication

/// Recorded chains (no Python needed) against a clock fixed at their timestamp.
@Suite struct AuthChainVerifierTests {
    let verifier = AuthChainVerifier(clock: FixedWallClock(nowMilliseconds: RecordedChain.now))

    private func reason(_ chain: AuthChain, verifier: AuthChainVerifier? = nil) async -> AuthenticationError.Reason? {
        do {
            _ = try await (verifier ?? self.verifier).verify(chain)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test(arguments: [
        (RecordedChain.good, "0xc00d4b0ce5689033e97e77c2a02b7dbb7354fac8"),
        (RecordedChain.goodV01, "0x08f6e5a8428f87badc372bd2df164ff2d79e78ed"),
        (RecordedChain.goodHighS, "0x272f9d1cad32de21f7cea52f5f736ae7e1227d12"),
        (RecordedChain.goodLegacyLowercase, "0x649683bf8a9ca7b682628d5bb0a0df370dd297f8"),
    ])
    func acceptsGoodChains(recorded: RecordedChain, owner: String) async throws {
        let address = try await verifier.verify(recorded.chain)
        #expect(address.rawValue == owner)
    }

    @Test(arguments: [
        (RecordedChain.wrongPayloadTimestamp, AuthenticationError.Reason.payloadMismatch),
        (RecordedChain.wrongEphemeralSigner, .badSignature),
        (RecordedChain.expiredEphemeral, .ephemeralExpired),
        (RecordedChain.timestampTooOld, .signatureExpired),
        (RecordedChain.sceneSigner, .sceneSigner),
        (RecordedChain.bitFlippedInS, .badSignature),
    ])
    func rejectsBadChains(recorded: RecordedChain, expected: AuthenticationError.Reason) async {
        #expect(await reason(recorded.chain) == expected)
    }

    @Test func legacyLowercasePayloadCanBeTurnedOff() async {
        var configuration = AuthChainVerifier.Configuration()
        configuration.acceptLegacyLowercasePayload = false
        let strict = AuthChainVerifier(configuration: configuration, clock: FixedWallClock(nowMilliseconds: RecordedChain.now))
        #expect(await reason(RecordedChain.goodLegacyLowercase.chain, verifier: strict) == .payloadMismatch)
        #expect(await reason(RecordedChain.good.chain, verifier: strict) == nil)
    }

    @Test func windowAndSkewBoundaries() async {
        let chain = RecordedChain.good.chain
        let window: Int64 = 300_000, skew: Int64 = 60_000
        func at(_ now: Int64) -> AuthChainVerifier { AuthChainVerifier(clock: FixedWallClock(nowMilliseconds: now)) }
        // timestamp + window == now is still inside (the reference rejects only when strictly less).
        #expect(await reason(chain, verifier: at(RecordedChain.now + window)) == nil)
        #expect(await reason(chain, verifier: at(RecordedChain.now + window + 1)) == .signatureExpired)
        #expect(await reason(chain, verifier: at(RecordedChain.now - skew)) == nil)
        #expect(await reason(chain, verifier: at(RecordedChain.now - skew - 1)) == .timestampInFuture)
        // The ephemeral key expires at 01:00:00.000 (now + 1 h): expiry must be strictly in the future.
        let expiry = RecordedChain.now + 3_600_000
        var wide = AuthChainVerifier.Configuration()
        wide.signatureWindowMilliseconds = 7_200_000
        #expect(await reason(chain, verifier: AuthChainVerifier(configuration: wide, clock: FixedWallClock(nowMilliseconds: expiry - 1))) == nil)
        #expect(await reason(chain, verifier: AuthChainVerifier(configuration: wide, clock: FixedWallClock(nowMilliseconds: expiry))) == .ephemeralExpired)
    }

    @Test func timestampAndMetadataChecksComeFirst() async {
        var chain = RecordedChain.good.chain
        chain.timestamp = nil
        #expect(await reason(chain) == .badTimestamp)
        chain.timestamp = "soon"
        #expect(await reason(chain) == .badTimestamp)
        chain.timestamp = "Infinity"
        #expect(await reason(chain) == .badTimestamp)
        chain = RecordedChain.good.chain
        for metadata in ["{", "null", #"{"signer":" scene"}"#, #"{"signer":"Scene"}"#, #"{"signer":true}"#, #"{"Signer":"x"}"#] {
            chain.metadata = metadata
            #expect(await reason(chain) == .badMetadata, "metadata \(metadata)")
        }
        // Valid metadata that does not match the signed payload fails later, on the payload.
        chain.metadata = #"{"signer":"dcl:explorer"}"#
        #expect(await reason(chain) == .payloadMismatch)
    }

    @Test func structuralRules() async {
        let links = RecordedChain.good.links
        func chain(_ links: [AuthLink]) -> AuthChain { AuthChain(links: links, timestamp: "1767225600000", metadata: "{}") }
        #expect(await reason(chain([links[0]])) == .invalidChain)
        #expect(await reason(chain(Array(links[1...]))) == .invalidChain)
        #expect(await reason(chain([links[0], links[0], links[1], links[2]])) == .invalidChain)
        #expect(await reason(chain(links + Array(repeating: links[2], count: 8))) == .invalidChain)
        var notAnAddress = links
        notAnAddress[0].payload = "0xnothex"
        #expect(await reason(chain(notAnAddress)) == .invalidChain)
        var badEphemeral = links
        badEphemeral[1].payload = "Decentraland Login\nEphemeral: 0x7B69917C2c74112B90bc7FDc12C44Aa5Dbee96f8\nExpiration: 2026-01-01T01:00:00.000Z"
        #expect(await reason(chain(badEphemeral)) == .invalidChain)
        // A signed entity that signs something else: the owner recovers to another address.
        var tampered = links
        tampered[2].payload = "get:/:1767225600000:{ }"
        #expect(await reason(AuthChain(links: tampered, timestamp: "1767225600000", metadata: "{ }")) == .badSignature)
        // Missing signatures are malformed, not crashes.
        var unsigned = links
        unsigned[1].signature = ""
        #expect(await reason(chain(unsigned)) == .badSignature)
    }

    @Test func ownerAddressIsLowercasedFromLinkZero() async throws {
        var links = RecordedChain.good.links
        links[0].payload = links[0].payload.lowercased()
        let address = try await verifier.verify(AuthChain(links: links, timestamp: "1767225600000", metadata: "{}"))
        #expect(address == Address("0xc00d4b0ce5689033e97e77c2a02b7dbb7354fac8"))
    }

    @Test func benchmarkRunsTheRecordedChainWithoutFailures() {
        // Not timed: only checks the benchmark's code path verifies its chain.
        let result = benchmarkAuthChainVerification(iterations: 3)
        #expect(result.iterations == 3)
        #expect(result.failures == 0)
        #expect(result.cpuSeconds >= 0)
    }
}
