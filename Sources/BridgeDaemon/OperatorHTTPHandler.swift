import WebSocket

/// Plain HTTP beside the WebSocket endpoint: `GET /health` (liveness) and `GET /health/ready` for load
/// balancers, `GET /metrics` for Prometheus, and the Matrix application-service API (`/_matrix/app/…`)
/// when sync runs in appservice mode. Anything else is 404.
struct OperatorHTTPHandler: HTTPRequestHandler {
    let metrics: ServerMetrics
    /// Values read at each scrape (sessions, connections waiting for authentication, dropped updates, sync
    /// lag, outbox depth).
    let gauges: @Sendable () -> [(String, Double)]
    /// Whether the store answers and, with sync or mirror on, the homeserver answered lately.
    let ready: @Sendable () -> (Bool, String)
    let transition: TransitionBridge?

    func maximumBodySize(for head: HTTPRequest, serverLimit: Int) -> Int {
        head.path.hasPrefix("/_matrix/app/") && transition?.endpoint != nil ? 16 << 20 : serverLimit
    }

    func bodyTooLargeResponse(for head: HTTPRequest, limit: Int) -> HTTPResponse {
        guard head.path.hasPrefix("/_matrix/app/") else { return .text("request body too large (limit \(limit) bytes)\n", status: 413) }
        return HTTPResponse(status: 413, headers: [("Content-Type", "application/json")],
                            body: Array(#"{"errcode":"M_TOO_LARGE","error":"transaction body over 16 MiB"}"#.utf8))
    }

    func handle(_ request: HTTPRequest, respond: @escaping @Sendable (HTTPResponse) -> Void) {
        if request.path.hasPrefix("/_matrix/app/"), let transition {
            transition.respond(to: request, respond: respond)
            return
        }
        respond(handle(request))
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .text("method not allowed\n", status: 405) }
        switch request.path {
        case "/health", "/health/live": return .text("ok\n")
        case "/health/ready":
            let (isReady, detail) = ready()
            return .text((isReady ? "ready" : "not ready") + ": \(detail)\n", status: isReady ? 200 : 503)
        case "/metrics":
            return .text(metrics.prometheusText(gauges: gauges()))
        default: return .text("not found\n", status: 404)
        }
    }
}
