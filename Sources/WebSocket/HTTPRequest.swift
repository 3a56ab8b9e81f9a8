/// A plain (non-upgrade) HTTP/1.x request routed to an `HTTPRequestHandler`. Before the body is read the
/// handler sees the head alone (empty `body`) to choose the body limit.
public struct HTTPRequest: Sendable {
    /// The method token, e.g. `GET`.
    public var method: String
    /// The request target as sent (path and query).
    public var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    /// Header fields in arrival order.
    public var headers: HTTPHeaders
    /// The body (bounded by the handler's `maximumBodySize(for:serverLimit:)`; Content-Length bodies only).
    public var body: [UInt8]
    /// `host:port` of the peer.
    public var remoteAddress: String

    /// The path part of the target, without the query.
    public var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }

    /// The query part of the target (after `?`), if any.
    public var query: String? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// A request (mainly for tests of `HTTPRequestHandler`s).
    public init(method: String, target: String, version: String = "HTTP/1.1", headers: HTTPHeaders = [], body: [UInt8] = [], remoteAddress: String = "") {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }
}
