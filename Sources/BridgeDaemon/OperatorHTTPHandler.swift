import WebSocket

/// Plain HTTP beside the WebSocket endpoint: `GET /health` for load balancers and `GET /metrics` for
/// Prometheus. Anything else is 404.
struct OperatorHTTPHandler: HTTPRequestHandler {
    let metrics: ServerMetrics
    /// Values read at each scrape (sessions, connections waiting for authentication, dropped updates).
    let gauges: @Sendable () -> [(String, Int)]

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .text("method not allowed\n", status: 405) }
        switch request.path {
        case "/health", "/health/live": return .text("ok\n")
        case "/metrics": return .text(metrics.prometheusText(gauges: gauges()))
        default: return .text("not found\n", status: 404)
        }
    }
}
