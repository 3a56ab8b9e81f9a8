import CurlHTTP
import Foundation

/// A typed client for the Synapse admin API and the Matrix client-server API.
///
/// Stateless value: cheap to copy; ``actingAs(_:)`` gives a client with another token over the same
/// transport. All calls go through the given ``HTTPTransport`` (normally a ``RetryingTransport`` over
/// a ``CurlHTTPClient``, see ``live(homeserver:accessToken:configuration:retryPolicy:)``).
/// The token is sent as `Authorization: Bearer …` and never appears in errors or descriptions.
public struct MatrixClient: Sendable, CustomStringConvertible {
    /// Base URL of the homeserver without a trailing slash, e.g. `http://127.0.0.1:8008`.
    public let homeserver: String
    /// The token calls are made with.
    public let accessToken: AccessToken
    /// The transport (already retrying, if wanted).
    public let transport: any HTTPTransport
    /// With an application service's `as_token`: the user every call acts as (`user_id=` on every request,
    /// Matrix appservice "identity assertion"); nil acts as the token's owner.
    public let assertedUserID: String?
    /// Told of every call's endpoint and outcome (HTTP status, nil when no response came), for metrics.
    public let observer: (@Sendable (_ endpoint: String, _ status: Int?) -> Void)?

    /// Creates a client.
    /// - Parameters:
    ///   - homeserver: base URL (`http://` or `https://`), trailing slashes ignored.
    ///   - accessToken: bearer token for every call.
    ///   - transport: where requests go.
    ///   - assertedUserID: with an appservice token, the user to act as.
    ///   - observer: told of every call's endpoint and status.
    public init(homeserver: String, accessToken: String, transport: any HTTPTransport, assertedUserID: String? = nil,
                observer: (@Sendable (_ endpoint: String, _ status: Int?) -> Void)? = nil) {
        var base = homeserver
        while base.hasSuffix("/") { base.removeLast() }
        self.homeserver = base
        self.accessToken = AccessToken(accessToken)
        self.transport = transport
        self.assertedUserID = assertedUserID
        self.observer = observer
    }

    /// A client over libcurl with the default retry policy; the returned counters tally requests and retries.
    public static func live(
        homeserver: String, accessToken: String, configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        retryPolicy: RetryPolicy = RetryPolicy()
    ) -> (client: MatrixClient, counters: HTTPCounters) {
        let counters = HTTPCounters()
        let curl = CurlHTTPClient(configuration: configuration, counters: counters)
        let transport = RetryingTransport(curl, policy: retryPolicy, counters: counters)
        return (MatrixClient(homeserver: homeserver, accessToken: accessToken, transport: transport), counters)
    }

    /// The same client acting with another token (a login-as-user token, say).
    public func actingAs(_ token: String) -> MatrixClient {
        MatrixClient(homeserver: homeserver, accessToken: token, transport: transport, observer: observer)
    }

    /// The same appservice client acting as `userID` (identity assertion: `user_id=` on every call).
    public func asserting(_ userID: String) -> MatrixClient {
        MatrixClient(homeserver: homeserver, accessToken: accessToken.secret, transport: transport, assertedUserID: userID, observer: observer)
    }

    /// The same client reporting every call to `observer`.
    public func observed(by observer: @escaping @Sendable (_ endpoint: String, _ status: Int?) -> Void) -> MatrixClient {
        MatrixClient(homeserver: homeserver, accessToken: accessToken.secret, transport: transport, assertedUserID: assertedUserID,
                     observer: observer)
    }

    public var description: String { "MatrixClient(\(homeserver))" }

    // MARK: - Request plumbing

    /// Sends one call and decodes a 2xx JSON body as `Response`.
    /// - Parameters:
    ///   - method: HTTP method.
    ///   - path: path with ids already encoded (``MatrixPath/encode(_:)``).
    ///   - query: query items, encoded here.
    ///   - body: JSON body, or nil.
    ///   - idempotent: whether a retry may repeat it (defaults to the method's).
    /// - Throws: ``MatrixError`` for error statuses, malformed bodies and transport failures.
    func call<Response: Decodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: (any Encodable & Sendable)? = nil,
        idempotent: Bool? = nil, as type: Response.Type = Response.self
    ) async throws(MatrixError) -> Response {
        let response = try await send(method, path, query: query, body: body, idempotent: idempotent)
        let endpoint = "\(method.rawValue) \(path)"
        do {
            return try JSONDecoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw MatrixError(kind: .malformedResponse, endpoint: endpoint, status: response.status, message: Self.describe(error))
        }
    }

    /// Sends one call and returns the 2xx response as is.
    /// - Throws: ``MatrixError`` for error statuses and transport failures.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: (any Encodable & Sendable)? = nil,
        idempotent: Bool? = nil
    ) async throws(MatrixError) -> HTTPResponse {
        let endpoint = "\(method.rawValue) \(path)"
        var url = homeserver + path
        var query = query
        if let assertedUserID { query.append(("user_id", assertedUserID)) }
        if !query.isEmpty { url += "?" + MatrixPath.query(query) }
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(accessToken.secret)")
        headers.add("Accept", "application/json")
        var bodyBytes: [UInt8]?
        if let body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            do {
                bodyBytes = Array(try encoder.encode(body))
            } catch {
                throw MatrixError(kind: .invalidArgument, endpoint: endpoint, message: "body not encodable: \(error)")
            }
            headers.add("Content-Type", "application/json")
        }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: bodyBytes, isIdempotent: idempotent)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            observer?(endpoint, nil)
            throw MatrixError(kind: .transport(error), endpoint: endpoint, message: error.description)
        }
        observer?(endpoint, response.status)
        guard response.isSuccess else { throw Self.error(from: response, endpoint: endpoint) }
        return response
    }

    /// Maps an error status and its (optional) Matrix error body to a ``MatrixError``.
    static func error(from response: HTTPResponse, endpoint: String) -> MatrixError {
        struct Body: Decodable {
            var errcode: String?
            var error: String?
        }
        let body = try? JSONDecoder().decode(Body.self, from: Data(response.body))
        let errcode = body?.errcode
        let kind: MatrixError.Kind
        switch (response.status, errcode) {
        case (401, _), (403, _), (_, "M_UNKNOWN_TOKEN"), (_, "M_MISSING_TOKEN"): kind = .unauthorized
        case (404, _): kind = .notFound
        case (429, _): kind = .rateLimited
        default: kind = .server
        }
        let snippet = String(response.text.prefix(200))
        let message = body?.error ?? (snippet.isEmpty ? "HTTP \(response.status)" : snippet)
        return MatrixError(kind: kind, endpoint: endpoint, status: response.status, errcode: errcode, message: message)
    }

    /// A one-line description of a decoding failure (type and coding path, no payload).
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error as? DecodingError {
        case .dataCorrupted(let context)?: return "malformed JSON at \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context)?: return "missing key \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context)?: return "expected \(type) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context)?: return "null where \(type) expected at \(path(context.codingPath))"
        default: return "undecodable body"
        }
    }
}

/// An empty JSON object, for bodies and answers without fields.
struct EmptyObject: Codable, Sendable {}
