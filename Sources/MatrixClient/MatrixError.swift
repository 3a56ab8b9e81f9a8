import CurlHTTP

/// A failed Matrix call: which endpoint, what the server said, or why there was no usable answer.
///
/// Never carries an access token (endpoints are method + path, tokens travel in headers).
public struct MatrixError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad reason, for deciding what to do next.
    public enum Kind: Sendable, Equatable {
        /// 401, 403 or `M_UNKNOWN_TOKEN`/`M_MISSING_TOKEN`: the token may not do this. Stop the run
        /// when it is the admin token.
        case unauthorized
        /// 404 (unknown room, user, alias or account data).
        case notFound
        /// 429 after the retry policy gave up.
        case rateLimited
        /// Any other error status.
        case server
        /// A 2xx answer whose body is not the expected JSON.
        case malformedResponse
        /// No HTTP answer at all.
        case transport(HTTPClientError)
        /// An argument the client refuses to send (e.g. an empty id).
        case invalidArgument
    }

    /// The broad reason.
    public let kind: Kind
    /// `METHOD /path` of the call (ids percent-encoded as sent).
    public let endpoint: String
    /// HTTP status, when a response arrived.
    public let status: Int?
    /// Matrix `errcode` of the error body, if any.
    public let errcode: String?
    /// Matrix `error` text, or a description of the failure.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, endpoint: String, status: Int? = nil, errcode: String? = nil, message: String) {
        self.kind = kind
        self.endpoint = endpoint
        self.status = status
        self.errcode = errcode
        self.message = message
    }

    /// Whether repeating with the same token cannot help (401/403/unknown token).
    public var isAuthorizationFailure: Bool { kind == .unauthorized }

    /// Whether the resource does not exist.
    public var isNotFound: Bool { kind == .notFound }

    public var description: String {
        var text = endpoint
        if let status { text += " → \(status)" }
        if let errcode { text += " \(errcode)" }
        return text + ": " + message
    }
}
