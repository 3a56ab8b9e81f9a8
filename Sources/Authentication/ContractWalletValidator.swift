/// The answer of a contract-wallet (EIP-1654 / ERC-1271) validation service.
public struct ContractWalletVerdict: Sendable, Equatable {
    /// Whether the chain's contract signature is valid.
    public var valid: Bool
    /// The wallet the service says signed; must equal link 0 (case-insensitive).
    public var ownerAddress: String?

    /// A verdict from its two fields.
    public init(valid: Bool, ownerAddress: String?) {
        self.valid = valid
        self.ownerAddress = ownerAddress
    }
}

/// The seam for EIP-1654 links, which cannot be checked locally (they need an Ethereum node).
/// The reference POSTs `{"authChain": [...], "timestamp": "<signed payload>"}` to
/// `https://peer.decentraland.org/lambdas/crypto/validate-signature`.
public protocol ContractWalletValidator: Sendable {
    /// Asks whether `authChain` validly signs `signedPayload`.
    /// - Parameters:
    ///   - authChain: the whole chain, link 0 first.
    ///   - signedPayload: the expected final payload (`get:/:<timestamp>:<metadata>`).
    /// - Throws: when the service cannot be reached or answers garbage (the chain is then refused as
    ///   `contract_wallet_unavailable`).
    func validate(authChain: [AuthLink], signedPayload: String) async throws -> ContractWalletVerdict
}
