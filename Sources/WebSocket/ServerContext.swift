import Synchronization

/// What every loop and connection of one server shares: settings, handlers, counters.
final class ServerContext: Sendable {
    let configuration: WebSocketServerConfiguration
    let handler: any WebSocketHandler
    let httpHandler: (any HTTPRequestHandler)?
    let logger: any WebSocketLogger
    let idleTimeoutMillis: UInt64
    let pingIntervalMillis: UInt64?
    let closeTimeoutMillis: UInt64
    let handshakeTimeoutMillis: UInt64
    /// Timer granularity: a quarter of the shortest timeout, between 10 ms and 1 s.
    let tickMillis: Int32
    let openConnections = Atomic<Int>(0)
    private let nextID = Atomic<UInt64>(1)

    init(configuration: WebSocketServerConfiguration, handler: any WebSocketHandler, httpHandler: (any HTTPRequestHandler)?) {
        self.configuration = configuration
        self.handler = handler
        self.httpHandler = httpHandler
        logger = configuration.logger
        // Clamped so absurd settings (negative, infinite, NaN) cannot trap the conversion.
        func millis(_ seconds: Double) -> UInt64 { UInt64(min(max(0.001, seconds), 1e9) * 1000) }
        idleTimeoutMillis = millis(configuration.idleTimeout)
        pingIntervalMillis = configuration.pingInterval.map(millis)
        closeTimeoutMillis = millis(configuration.closeTimeout)
        handshakeTimeoutMillis = millis(configuration.handshakeTimeout)
        let shortest = [idleTimeoutMillis, pingIntervalMillis ?? .max, closeTimeoutMillis, handshakeTimeoutMillis].min() ?? 1000
        tickMillis = Int32(min(1000, max(10, shortest / 4)))
    }

    /// A fresh connection id (process-unique per server, starting at 1).
    func makeID() -> UInt64 { nextID.wrappingAdd(1, ordering: .relaxed).oldValue }
}
