/// Answers the plain HTTP requests (any method, Content-Length bodies) that share the WebSocket server's
/// port: health, metrics, an application-service API.
///
/// Threads: every method is called on the connection's event-loop thread and must return quickly. The
/// answer may come later from any thread through `respond`, exactly once; the connection reads nothing
/// more (no pipelining past a pending answer) and its header timeout is suspended until then. An answer
/// for a connection that closed meanwhile is dropped, never written to the descriptor.
///
/// Implement either `handle(_:respond:)` (asynchronous) or `handle(_:)` (synchronous convenience); the
/// default of each calls the other's simplest form.
public protocol HTTPRequestHandler: Sendable {
    /// The largest body accepted for a request with this head; a larger `Content-Length` is answered
    /// with `bodyTooLargeResponse(for:limit:)` before any body byte is read, and the connection closes.
    /// - Parameters:
    ///   - head: the request without its body.
    ///   - serverLimit: the server's configured `maxRequestBodySize`.
    /// - Returns: default `serverLimit`.
    func maximumBodySize(for head: HTTPRequest, serverLimit: Int) -> Int

    /// The answer to a request whose `Content-Length` exceeds `limit` (default: 413, plain text).
    func bodyTooLargeResponse(for head: HTTPRequest, limit: Int) -> HTTPResponse

    /// Answers `request` by calling `respond` once, now or later, from any thread. Further calls are
    /// ignored; dropping `respond` without calling it answers 500.
    /// - Parameters:
    ///   - request: the complete request (head and body).
    ///   - respond: delivers the answer to the connection (it hops to the connection's event loop).
    func handle(_ request: HTTPRequest, respond: @escaping @Sendable (HTTPResponse) -> Void)

    /// Synchronous convenience: the answer to `request`, computed on the event loop (keep it quick).
    /// The default answers 404.
    func handle(_ request: HTTPRequest) -> HTTPResponse
}

extension HTTPRequestHandler {
    public func maximumBodySize(for head: HTTPRequest, serverLimit: Int) -> Int { serverLimit }

    public func bodyTooLargeResponse(for head: HTTPRequest, limit: Int) -> HTTPResponse {
        .text("request body too large (limit \(limit) bytes)\n", status: 413)
    }

    public func handle(_ request: HTTPRequest, respond: @escaping @Sendable (HTTPResponse) -> Void) {
        respond(handle(request))
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse { .text("not found\n", status: 404) }
}
