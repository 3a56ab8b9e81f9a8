/// Settings of a `WebSocketServer`. Defaults follow the reference deployment (uWS: 1 MiB payloads,
/// 128 KiB back-pressure limit, automatic pings).
public struct WebSocketServerConfiguration: Sendable {
    /// Address to bind (IPv4 dotted quad).
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
    /// Seconds a client has to complete its HTTP request (upgrade or plain).
    public var handshakeTimeout: Double = 10
    /// Seconds `shutdown()` waits for close handshakes before dropping the remaining connections.
    public var shutdownTimeout: Double = 3
    /// Limit of the request line plus headers; beyond it the answer is 431.
    public var maxRequestHeadSize: Int = 8 << 10
    /// Limit of plain HTTP request bodies; beyond it the answer is 413.
    public var maxRequestBodySize: Int = 64 << 10
    /// Number of event-loop threads (connections are spread round-robin).
    public var eventLoopCount: Int = 1
    /// listen(2) backlog.
    public var backlog: Int32 = 4096
    /// Where log lines go.
    public var logger: any WebSocketLogger = StandardErrorLogger()

    /// The defaults: 127.0.0.1, ephemeral port.
    public init() {}

    /// A configuration with the given address; everything else default.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}
