import Authentication
import RPCTransport

/// The transport's authenticator seam over `CredentialAuthenticator` (auth chains and/or Matrix tokens):
/// the identity is the lowercase address.
public struct CredentialConnectionAuthenticator: ConnectionAuthenticator {
    private let credentials: CredentialAuthenticator
    private let log: @Sendable (String) -> Void
    private let metrics: ServerMetrics?

    /// - Parameters:
    ///   - credentials: the configured credential kinds.
    ///   - metrics: counts accepted credentials and refusals by reason (`socialbridge_auth_refused_total`).
    ///   - log: receives one line per refused connection (the reason, never the credential).
    public init(
        _ credentials: CredentialAuthenticator, metrics: ServerMetrics? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.credentials = credentials
        self.metrics = metrics
        self.log = log
    }

    public func authenticate(credential: [UInt8]) async throws -> String {
        do {
            let address = try await credentials.authenticate(credential: credential).rawValue
            metrics?.increment("socialbridge_auth_accepted_total")
            return address
        } catch {
            metrics?.increment("socialbridge_auth_refused_total", labels: "reason=\"\(error.reason.rawValue)\"")
            log("connection refused: \(error)")
            throw error
        }
    }
}
