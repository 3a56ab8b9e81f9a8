/// Why a Matrix access token could not be resolved to a user id.
public enum WhoAmIError: Error, Equatable, Sendable {
    /// The homeserver does not know the token (`M_UNKNOWN_TOKEN`, 401).
    case unknownToken
    /// The homeserver could not be reached (connection refused, timeout, 5xx); carries a loggable detail.
    case homeserverUnreachable(String)
    /// The homeserver answered, but not with a user id or a token error; carries a loggable detail.
    case unexpectedResponse(String)
}

/// The seam to the legacy homeserver: `GET /_matrix/client/v3/account/whoami` with the token as Bearer.
/// The daemon wires an implementation over MatrixClient; tests use fakes.
public protocol MatrixWhoAmIResolving: Sendable {
    /// The Matrix user id (`@localpart:server`) owning `accessToken`.
    /// - Throws: `WhoAmIError`, distinguishing an unknown token from an unreachable homeserver.
    func whoAmI(accessToken: String) async throws(WhoAmIError) -> String
}
