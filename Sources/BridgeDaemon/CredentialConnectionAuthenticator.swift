import Authentication
import RPCTransport

/// The transport's authenticator seam over `CredentialAuthenticator` (auth chains and/or Matrix tokens):
/// the identity is the lowercase address.
public struct CredentialConnectionAuthenticator: ConnectionAuthenticator {
    private let credentials: CredentialAuthenticator
    private let log: @Sendable (String) -> Void
    /// Refusals per reason.
    public let refusals: RefusalCounters

    /// - Parameters:
    ///   - credentials: the configured credential kinds.
    ///   - refusals: counts refusals per reason (pass a shared instance to read them elsewhere).
    ///   - log: receives one line per refused connection (the reason, never the credential).
    public init(_ credentials: CredentialAuthenticator, refusals: RefusalCounters = RefusalCounters(),
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.credentials = credentials
        self.refusals = refusals
        self.log = log
    }

    public func authenticate(credential: [UInt8]) async throws -> String {
        do {
            return try await credentials.authenticate(credential: credential).rawValue
        } catch {
            refusals.record(error)
            log("connection refused: \(error)")
            throw error
        }
    }
}
