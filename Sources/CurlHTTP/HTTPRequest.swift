/// One HTTP request as a value.
///
/// The `description` never shows credentials (see ``HTTPHeaders``) nor the body.
public struct HTTPRequest: Sendable, Equatable, CustomStringConvertible {
    /// Request method.
    public var method: HTTPMethod
    /// Absolute URL (`http://` or `https://`), already percent-encoded.
    public var url: String
    /// Header fields sent as given (libcurl adds Host, Accept-Encoding and Content-Length).
    public var headers: HTTPHeaders
    /// Request body; nil sends none.
    public var body: [UInt8]?
    /// Overrides the client's total timeout for this request, in milliseconds.
    public var timeoutMilliseconds: Int?
    /// Whether a retry policy may repeat this request after a failure that happened once it may have
    /// reached the server (5xx, timeout, broken connection). Defaults to the method's idempotency;
    /// set it for POSTs that are safe to repeat (Matrix join, login).
    public var isIdempotent: Bool

    /// Creates a request.
    /// - Parameters:
    ///   - method: request method.
    ///   - url: absolute, percent-encoded URL.
    ///   - headers: header fields.
    ///   - body: body bytes, or nil.
    ///   - timeoutMilliseconds: total timeout override, or nil for the client default.
    ///   - isIdempotent: overrides `method.isIdempotent`.
    public init(
        method: HTTPMethod = .get, url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]? = nil,
        timeoutMilliseconds: Int? = nil, isIdempotent: Bool? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
        self.isIdempotent = isIdempotent ?? method.isIdempotent
    }

    /// `METHOD url` followed by the redacted headers.
    public var description: String {
        let head = "\(method.rawValue) \(HTTPRequest.redactedURL(url))"
        return headers.fields.isEmpty ? head : head + "\n" + headers.description
    }

    /// The URL with the values of credential-like query parameters (`access_token`) replaced.
    static func redactedURL(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?") else { return url }
        let parts = url[url.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
        let redacted = parts.map { part -> String in
            let name = part.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return name.lowercased() == "access_token" ? "\(name)=<redacted>" : String(part)
        }
        return String(url[..<query]) + "?" + redacted.joined(separator: "&")
    }
}
