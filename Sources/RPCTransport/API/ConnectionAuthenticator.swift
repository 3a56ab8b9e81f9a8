/// The seam for the first-frame credential (§3.1): the first WebSocket frame of a connection, text or
/// binary, is handed over as bytes before anything else is processed.
public protocol ConnectionAuthenticator: Sendable {
    /// Verifies a credential.
    /// - Parameter credential: the raw bytes of the connection's first frame (UTF-8 JSON for the Social Service).
    /// - Returns: the authenticated identity (lowercase address).
    /// - Throws: any error to refuse the connection; it is closed with 3003 "Unauthorized".
    func authenticate(credential: [UInt8]) async throws -> String
}
