/// Settings of a `WebSocketServer`. Defaults follow the reference deployment (uWS: 1 MiB payloads,
/// 128 KiB back-pressure limit, automatic pings).
public struct WebSocketServerConfiguration: Sendable {
    /// Address to bind: an IPv4 or IPv6 literal (`127.0.0.1`, `::1`, `::`), or `localhost`.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks an ephemeral port (returned by `start()`).
    public var port: Int = 0
    /// Path accepting upgrades; nil accepts upgrades on any path (as the reference does on `/`).
    public var webSocketPath: String?
    /// Largest reassembled inbound message; a frame announcing more closes the connection with 1009.
    public var maxMessageSize: Int = 1 << 20
    /// Outbound bytes queued per connection beyond which it is closed with 1011.
    public var maxOutboundBuffer: Int = 128 << 10
    /// Open WebSocket connections allowed; beyond it a new connection is closed with 1013 right after the handshake.
    public var maxConnections: Int = 20_000
    /// Seconds without any inbound frame after which the connection is closed with 1001.
    public var idleTimeout: Double = 300
    /// Seconds without inbound frames after which the server sends a ping; nil disables pings.
    public var pingInterval: Double? = 120
    /// Seconds to wait for the peer's close frame (or EOF) after the server sent one, before dropping.
    public var closeTimeout: Double = 5
    /// Seconds a client has to deliver a complete request head (upgrade or plain), counted from the
    /// connection's accept (then from the end of the previous response on a keep-alive connection),
    /// however slowly the bytes trickle in; past it the answer is 408 and the socket closes. A body must
    /// keep arriving: a pause this long ends the request too. Suspended while a handler works.
    public var headerTimeout: Double = 10
    /// Seconds `shutdown()` waits for close handshakes before dropping the remaining connections.
    public var shutdownTimeout: Double = 3
    /// Limit of the request line plus headers (CRLFCRLF included); beyond it the answer is 431.
    public var maxRequestHeadSize: Int = 16 << 10
    /// Default limit of plain HTTP request bodies (a handler may choose another per request); beyond it
    /// the answer is 413.
    public var maxRequestBodySize: Int = 64 << 10
    /// Number of event-loop threads (connections are spread round-robin).
    public var eventLoopCount: Int = 1
    /// listen(2) backlog.
    public var backlog: Int32 = 4096
    /// Where log lines go.
    public var logger: any WebSocketLogger = StandardErrorLogger()
    /// Told about every request the server refuses on its own (malformed, slow, oversized) and every
    /// upgrade a `WebSocketHandler` refuses; called on an event-loop thread, so it must be quick (count).
    public var rejectionObserver: (@Sendable (HTTPRejection) -> Void)?

    /// The defaults: 127.0.0.1, ephemeral port.
    public init() {}

    /// A configuration with the given address; everything else default.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}
