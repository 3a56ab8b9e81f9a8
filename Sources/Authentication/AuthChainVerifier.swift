import BridgeCrypto
import Foundation
import SocialDomain

/// Verifies a first-frame auth chain as social-service-ea does (rpc-protocol.md §3.3–§3.5), in the
/// middleware's order: timestamp is a number, metadata is JSON, metadata signer is not the scene, the
/// signature chain, then the signature window.
///
/// Choices where the reference is silent or lenient:
/// - A missing or empty `x-identity-timestamp` is refused as `bad_timestamp` (the reference reads it as 0
///   and fails later on the window).
/// - Timestamps more than `maxFutureSkew` ahead of now are refused (the reference has no upper bound).
/// - High-s signatures are accepted, as ethers' `recoverAddress` in the reference accepts them.
/// - Ephemeral payloads must have the ephemeral address and expiration on lines 2 and 3 with their usual
///   prefixes; the address must be a valid address.
public struct AuthChainVerifier: Sendable {
    /// Tunables; the defaults follow social-service-ea.
    public struct Configuration: Sendable, Equatable {
        /// Oldest accepted `x-identity-timestamp`, relative to now (`WS_AUTH_SIGNATURE_EXPIRATION_IN_MS`).
        public var signatureWindowMilliseconds: Int64 = 300_000
        /// How far in the future a timestamp may be (clock skew between client and server).
        public var maxFutureSkewMilliseconds: Int64 = 60_000
        /// Also accept a final payload equal to the fully lowercased expected payload (middleware ≤ 5.x form).
        public var acceptLegacyLowercasePayload = true
        /// Parsing caps.
        public var limits = AuthChainLimits()

        /// The defaults above.
        public init() {}
    }

    /// The tunables in force.
    public let configuration: Configuration
    private let clock: any WallClock
    let contractWalletValidator: (any ContractWalletValidator)?

    /// - Parameters:
    ///   - configuration: window, skew, legacy payload form and limits.
    ///   - clock: the source of now.
    ///   - contractWalletValidator: checks EIP-1654 links; `nil` refuses every chain that has one.
    public init(configuration: Configuration = Configuration(), clock: any WallClock = SystemWallClock(),
                contractWalletValidator: (any ContractWalletValidator)? = nil) {
        self.configuration = configuration
        self.clock = clock
        self.contractWalletValidator = contractWalletValidator
    }

    /// The checked facts every chain shares, gathered before the signatures are looked at.
    struct Prepared {
        var now: Int64
        var timestamp: Double
        var expectedPayload: String
    }

    /// Verifies `chain` and returns its owner (link 0's address, lowercased).
    /// - Throws: `AuthenticationError` with the first failed check's reason.
    public func verify(_ chain: AuthChain) async throws(AuthenticationError) -> Address {
        let prepared = try prepare(chain)
        let owner: Address
        if chain.links.contains(where: { $0.type.isContractWallet }) {
            owner = try await verifyContractWallet(chain, prepared)
        } else {
            owner = try verifySignatures(chain, prepared)
        }
        try checkWindow(prepared)
        return owner
    }

    /// The same as `verify` for chains without EIP-1654 links, without suspending (benchmarks).
    func verifySynchronously(_ chain: AuthChain) throws(AuthenticationError) -> Address {
        let prepared = try prepare(chain)
        guard !chain.links.contains(where: { $0.type.isContractWallet }) else {
            throw AuthenticationError(.contractWalletDisabled, "contract-wallet links need the asynchronous path")
        }
        let owner = try verifySignatures(chain, prepared)
        try checkWindow(prepared)
        return owner
    }

    /// §3.5 steps 1–3 and the expected payload (§3.4).
    private func prepare(_ chain: AuthChain) throws(AuthenticationError) -> Prepared {
        guard let timestampText = chain.timestamp, !timestampText.isEmpty else {
            throw AuthenticationError(.badTimestamp, "x-identity-timestamp is missing")
        }
        guard let timestamp = Double(timestampText.trimmingCharacters(in: .whitespaces)), timestamp.isFinite else {
            throw AuthenticationError(.badTimestamp, "x-identity-timestamp is not a number")
        }
        try MetadataSignerRule.check(chain.metadata)
        // Array.join in the reference renders a missing header as the empty string.
        let expected = "get:/:\(timestampText):\(chain.metadata ?? "")"
        return Prepared(now: clock.nowMilliseconds, timestamp: timestamp, expectedPayload: expected)
    }

    /// §3.3: walks the chain with a running authority.
    private func verifySignatures(_ chain: AuthChain, _ prepared: Prepared) throws(AuthenticationError) -> Address {
        let owner = try checkStructure(chain)
        var authority = ""
        for (index, link) in chain.links.enumerated() {
            switch link.type {
            case .signer:
                authority = link.payload
            case .ecdsaEphemeral:
                let ephemeral = try EphemeralPayload(link.payload, linkIndex: index)
                guard ephemeral.expiration > prepared.now else {
                    throw AuthenticationError(.ephemeralExpired, "link \(index) ephemeral key expired")
                }
                try requireSigner(of: link, index: index, equals: authority)
                authority = ephemeral.ephemeralAddress.rawValue
            case .ecdsaSignedEntity:
                try requireSigner(of: link, index: index, equals: authority)
                authority = link.payload
            case .eip1654Ephemeral, .eip1654SignedEntity:
                throw AuthenticationError(.contractWalletDisabled, "link \(index) is a contract-wallet link")
            }
        }
        try requireFinalPayload(authority, prepared)
        return owner
    }

    /// Link count, SIGNER at index 0 only, link 0 an address. Returns the owner.
    func checkStructure(_ chain: AuthChain) throws(AuthenticationError) -> Address {
        let maxLinks = configuration.limits.maxLinks
        guard (2...max(2, maxLinks)).contains(chain.links.count) else {
            throw AuthenticationError(.invalidChain, "chain has \(chain.links.count) links, expected 2…\(maxLinks)")
        }
        guard chain.links[0].type == .signer else { throw AuthenticationError(.invalidChain, "link 0 is not SIGNER") }
        guard !chain.links.dropFirst().contains(where: { $0.type == .signer }) else {
            throw AuthenticationError(.invalidChain, "SIGNER appears after link 0")
        }
        guard let owner = Address(chain.links[0].payload) else {
            throw AuthenticationError(.invalidChain, "link 0 payload is not an address")
        }
        return owner
    }

    /// Recovers the personal_sign signer of `link` and compares it with `authority`, case-insensitively.
    func requireSigner(of link: AuthLink, index: Int, equals authority: String) throws(AuthenticationError) {
        let recovered: String
        do {
            recovered = try PersonalSign.recoverAddress(message: link.payload, signature: link.signature)
        } catch {
            throw AuthenticationError(.badSignature, "link \(index): \(error)")
        }
        guard recovered == authority.lowercased() else {
            throw AuthenticationError(.badSignature, "link \(index) is not signed by the previous link's key")
        }
    }

    /// §3.3 step 5: the final authority is exactly the expected payload (or its legacy lowercase form).
    func requireFinalPayload(_ authority: String, _ prepared: Prepared) throws(AuthenticationError) {
        if authority == prepared.expectedPayload { return }
        if configuration.acceptLegacyLowercasePayload, authority == prepared.expectedPayload.lowercased() { return }
        throw AuthenticationError(.payloadMismatch, "chain does not sign get:/:<timestamp>:<metadata>")
    }

    /// §3.5 step 5 plus the future-skew bound.
    private func checkWindow(_ prepared: Prepared) throws(AuthenticationError) {
        let now = Double(prepared.now)
        if prepared.timestamp + Double(configuration.signatureWindowMilliseconds) < now {
            throw AuthenticationError(.signatureExpired, "timestamp older than \(configuration.signatureWindowMilliseconds) ms")
        }
        if prepared.timestamp > now + Double(configuration.maxFutureSkewMilliseconds) {
            throw AuthenticationError(.timestampInFuture, "timestamp more than \(configuration.maxFutureSkewMilliseconds) ms ahead")
        }
    }
}
