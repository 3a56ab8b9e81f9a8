/// A plain (non-upgrade) HTTP/1.1 request routed to an `HTTPRequestHandler`.
public struct HTTPRequest: Sendable {
    /// The method token, e.g. `GET`.
    public var method: String
    /// The request target as sent (path and query).
    public var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    /// Header fields in arrival order.
    public var headers: HTTPHeaders
    /// The body (bounded by the server's request-body limit; Content-Length bodies only).
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

/// Answers plain HTTP requests (health, metrics) that share the WebSocket server's port.
/// Called on an event-loop thread: it must return quickly.
public protocol HTTPRequestHandler: Sendable {
    /// The response to `request`.
    func handle(_ request: HTTPRequest) -> HTTPResponse
}
