import Authentication
import CurlHTTP
import MatrixClient

/// `whoami` on the legacy homeserver for a client's access token, through MatrixClient.
public struct MatrixWhoAmIResolver: MatrixWhoAmIResolving {
    /// Default bound on one whoami: a stuck homeserver must not hold connections for the HTTP client's
    /// general (long) timeout.
    public static let defaultTimeoutMilliseconds = 10_000

    private let homeserver: String
    private let transport: any HTTPTransport

    /// - Parameters:
    ///   - homeserver: the homeserver's base URL.
    ///   - transport: the HTTP client (shared libcurl pool).
    ///   - timeoutMilliseconds: total time allowed for one whoami; past it the homeserver counts as unreachable.
    public init(homeserver: String, transport: any HTTPTransport, timeoutMilliseconds: Int = MatrixWhoAmIResolver.defaultTimeoutMilliseconds) {
        self.homeserver = homeserver
        self.transport = BoundedTransport(upstream: transport, timeoutMilliseconds: max(1, timeoutMilliseconds))
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

/// Applies a total timeout to requests that carry none.
private struct BoundedTransport: HTTPTransport {
    let upstream: any HTTPTransport
    let timeoutMilliseconds: Int

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        var bounded = request
        if bounded.timeoutMilliseconds == nil { bounded.timeoutMilliseconds = timeoutMilliseconds }
        return try await upstream.send(bounded)
    }
}
