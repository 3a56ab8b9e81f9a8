import SocialDomain

extension AuthChainVerifier {
    /// EIP-1654 chains, in the one shape the middleware sends to its validation service:
    /// `SIGNER`, `ECDSA_EIP_1654_EPHEMERAL`, then a signed-entity link carrying the expected payload.
    /// What can be checked locally is (ephemeral expiry, a plain ECDSA last link, the final payload); the
    /// contract signature itself goes to the configured `ContractWalletValidator`, whose owner must be link 0.
    func verifyContractWallet(_ chain: AuthChain, _ prepared: Prepared) async throws(AuthenticationError) -> Address {
        guard let validator = contractWalletValidator else {
            throw AuthenticationError(.contractWalletDisabled, "contract-wallet links are not enabled")
        }
        let owner = try checkStructure(chain)
        let links = chain.links
        guard links.count == 3, links[1].type == .eip1654Ephemeral,
              links[2].type == .ecdsaSignedEntity || links[2].type == .eip1654SignedEntity
        else {
            throw AuthenticationError(.invalidChain, "contract-wallet chain is not SIGNER, EIP-1654 ephemeral, signed entity")
        }
        let ephemeral = try EphemeralPayload(links[1].payload, linkIndex: 1)
        guard ephemeral.expiration > prepared.now else {
            throw AuthenticationError(.ephemeralExpired, "link 1 ephemeral key expired")
        }
        if links[2].type == .ecdsaSignedEntity {
            try requireSigner(of: links[2], index: 2, equals: ephemeral.ephemeralAddress.rawValue)
        }
        try requireFinalPayload(links[2].payload, prepared)

        let verdict: ContractWalletVerdict
        do {
            verdict = try await validator.validate(authChain: links, signedPayload: links[2].payload)
        } catch {
            let detail = (error as? ContractWalletValidationError)?.description ?? String(describing: type(of: error))
            throw AuthenticationError(.contractWalletUnavailable, "contract-wallet validation failed: \(detail)")
        }
        guard verdict.valid else { throw AuthenticationError(.contractWalletRejected, "validator says the signature is invalid") }
        guard let named = verdict.ownerAddress, named.lowercased() == owner.rawValue else {
            throw AuthenticationError(.contractWalletRejected, "validator names another owner")
        }
        return owner
    }
}
