/// Why a first-frame credential was refused. Every refusal closes the socket with 3003; the reason is for
/// logs and metrics. `detail` is safe to log: it never holds tokens, signatures or key material.
public struct AuthenticationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable, metric-friendly label for each kind of refusal (`rawValue` is the label).
    public enum Reason: String, Sendable, CaseIterable {
        /// The frame is not a JSON object, or a field has the wrong JSON type.
        case badJSON = "bad_json"
        /// The frame exceeds the credential size cap.
        case tooLarge = "too_large"
        /// The credential kind (auth chain or Matrix token) is not enabled on this server.
        case kindDisabled = "credential_kind_disabled"
        /// Chain structure: too few or too many links, unknown link type, SIGNER misplaced, oversized fields,
        /// unparseable ephemeral payload.
        case invalidChain = "invalid_chain"
        /// `x-identity-timestamp` missing or not a finite number.
        case badTimestamp = "bad_timestamp"
        /// `x-identity-metadata` is not JSON, or its `signer` is not a trimmed lowercase string.
        case badMetadata = "bad_metadata"
        /// Metadata `signer` is `decentraland-kernel-scene`.
        case sceneSigner = "scene_signer"
        /// A signature is malformed, unrecoverable, or recovers an address other than the link's authority.
        case badSignature = "bad_signature"
        /// An ephemeral key's `Expiration` is not in the future.
        case ephemeralExpired = "ephemeral_expired"
        /// The chain's final authority is not `get:/:<timestamp>:<metadata>`.
        case payloadMismatch = "payload_mismatch"
        /// The timestamp is older than the signature window.
        case signatureExpired = "signature_expired"
        /// The timestamp is further in the future than the allowed clock skew.
        case timestampInFuture = "timestamp_in_future"
        /// EIP-1654 (contract wallet) links, but no validator is configured.
        case contractWalletDisabled = "contract_wallet_disabled"
        /// The contract-wallet validator answered "not valid" or named another owner.
        case contractWalletRejected = "contract_wallet_rejected"
        /// The contract-wallet validator could not be reached or answered garbage.
        case contractWalletUnavailable = "contract_wallet_unavailable"
        /// The homeserver does not know the Matrix access token.
        case unknownToken = "unknown_token"
        /// The homeserver could not be reached.
        case homeserverUnreachable = "homeserver_unreachable"
        /// The homeserver answered something other than a user id or a token error.
        case homeserverError = "homeserver_error"
        /// The token belongs to a user that is not `@0x…:<server>` of this homeserver.
        case nonAddressUser = "non_address_user"
    }

    /// The kind of refusal.
    public let reason: Reason
    /// A short loggable explanation without secrets.
    public let detail: String

    /// - Parameters:
    ///   - reason: the kind of refusal.
    ///   - detail: a loggable explanation; never put tokens or signatures in it.
    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// `reason: detail`, for log lines.
    public var description: String { "\(reason.rawValue): \(detail)" }
}
