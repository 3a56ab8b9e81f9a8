import Authentication
import CurlHTTP
import MatrixClient

/// `whoami` on the legacy homeserver for a client's access token, through MatrixClient.
public struct MatrixWhoAmIResolver: MatrixWhoAmIResolving {
    private let homeserver: String
    private let transport: any HTTPTransport

    /// - Parameters:
    ///   - homeserver: the homeserver's base URL.
    ///   - transport: the HTTP client (shared libcurl pool).
    public init(homeserver: String, transport: any HTTPTransport) {
        self.homeserver = homeserver
        self.transport = transport
    }

    public func whoAmI(accessToken: String) async throws(WhoAmIError) -> String {
        let client = MatrixClient(homeserver: homeserver, accessToken: accessToken, transport: transport)
        do {
            return try await client.whoAmI().userID
        } catch {
            switch error.kind {
            case .unauthorized: throw .unknownToken
            case .transport, .server, .rateLimited: throw .homeserverUnreachable(error.description)
            default: throw .unexpectedResponse(error.description)
            }
        }
    }
}
