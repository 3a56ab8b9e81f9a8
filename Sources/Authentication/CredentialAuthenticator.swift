import Foundation
import SocialDomain

/// The credential kinds a server accepts (`serve --auth authchain,matrix`).
public enum CredentialKind: String, Sendable, CaseIterable {
    /// Decentraland signed-fetch auth chain (`x-identity-*` object).
    case authChain = "authchain"
    /// Legacy Matrix access token (`{"matrix_access_token": "..."}`).
    case matrix
}

/// Authenticates a connection's first frame, dispatching on its JSON shape:
/// - `{"matrix_access_token": "<token>"}` → the Matrix path;
/// - anything else → an auth chain object (`x-identity-auth-chain-0…`, `x-identity-timestamp`, `x-identity-metadata`).
/// A kind without a configured authenticator is refused as `credential_kind_disabled`.
public struct CredentialAuthenticator: Sendable {
    /// The Matrix credential's only key.
    public static let matrixTokenKey = "matrix_access_token"
    /// Default cap on the whole first frame.
    public static let defaultMaxCredentialBytes = 32 * 1024

    private let authChainVerifier: AuthChainVerifier?
    private let matrixAuthenticator: MatrixTokenAuthenticator?
    private let maxCredentialBytes: Int

    /// - Parameters:
    ///   - authChainVerifier: enables auth chains when given.
    ///   - matrixAuthenticator: enables Matrix access tokens when given.
    ///   - maxCredentialBytes: frames longer than this are refused before parsing.
    public init(authChainVerifier: AuthChainVerifier?, matrixAuthenticator: MatrixTokenAuthenticator?,
                maxCredentialBytes: Int = CredentialAuthenticator.defaultMaxCredentialBytes) {
        self.authChainVerifier = authChainVerifier
        self.matrixAuthenticator = matrixAuthenticator
        self.maxCredentialBytes = maxCredentialBytes
    }

    /// The kinds this authenticator accepts.
    public var enabledKinds: Set<CredentialKind> {
        var kinds: Set<CredentialKind> = []
        if authChainVerifier != nil { kinds.insert(.authChain) }
        if matrixAuthenticator != nil { kinds.insert(.matrix) }
        return kinds
    }

    /// The address the first frame authenticates.
    /// - Parameter credential: the frame's bytes (UTF-8 JSON, text or binary frame alike).
    /// - Throws: `AuthenticationError` with a distinct reason per kind of failure.
    public func authenticate(credential: [UInt8]) async throws(AuthenticationError) -> Address {
        guard credential.count <= maxCredentialBytes else {
            throw AuthenticationError(.tooLarge, "credential of \(credential.count) bytes exceeds \(maxCredentialBytes)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(credential)), let fields = object as? [String: Any] else {
            throw AuthenticationError(.badJSON, "credential is not a JSON object")
        }
        if let token = fields[Self.matrixTokenKey] {
            guard let matrixAuthenticator else { throw AuthenticationError(.kindDisabled, "Matrix access tokens are not accepted") }
            guard let text = token as? String else { throw AuthenticationError(.badJSON, "matrix_access_token is not a string") }
            return try await matrixAuthenticator.authenticate(accessToken: text)
        }
        guard let authChainVerifier else { throw AuthenticationError(.kindDisabled, "auth chains are not accepted") }
        let chain = try AuthChain(headers: fields, limits: authChainVerifier.configuration.limits)
        return try await authChainVerifier.verify(chain)
    }
}
