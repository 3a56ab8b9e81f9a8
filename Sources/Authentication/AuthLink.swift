/// The kinds of auth-chain links (`AuthLinkType` of `@dcl/crypto`).
public enum AuthLinkType: String, Sendable, CaseIterable {
    case signer = "SIGNER"
    case ecdsaEphemeral = "ECDSA_EPHEMERAL"
    case ecdsaSignedEntity = "ECDSA_SIGNED_ENTITY"
    case eip1654Ephemeral = "ECDSA_EIP_1654_EPHEMERAL"
    case eip1654SignedEntity = "ECDSA_EIP_1654_SIGNED_ENTITY"

    /// Whether the link is signed by a contract wallet (EIP-1654 / ERC-1271).
    public var isContractWallet: Bool { self == .eip1654Ephemeral || self == .eip1654SignedEntity }
}

/// One link of an auth chain: `{type, payload, signature}`.
public struct AuthLink: Sendable, Equatable {
    /// What the link asserts.
    public var type: AuthLinkType
    /// The signed text (SIGNER: the owner address).
    public var payload: String
    /// `0x` + hex; empty for SIGNER.
    public var signature: String

    /// A link from its three fields.
    public init(type: AuthLinkType, payload: String, signature: String) {
        self.type = type
        self.payload = payload
        self.signature = signature
    }
}
