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
    let headerTimeoutMillis: UInt64
    /// How long a refused connection keeps reading (and discarding) after its final response and FIN,
    /// so the response is not destroyed by a reset from unread input.
    let lingerMillis: UInt64
    /// Timer granularity: a quarter of the shortest timeout, between 10 and 250 ms (timeouts fire at
    /// most a quarter second late).
    let tickMillis: Int32
    let openConnections = Atomic<Int>(0)
    private let nextID = Atomic<UInt64>(1)

    init(configuration: WebSocketServerConfiguration, handler: any WebSocketHandler, httpHandler: (any HTTPRequestHandler)?) {
        self.configuration = configuration
        self.handler = handler
        self.httpHandler = httpHandler
        logger = configuration.logger
        // Clamped so absurd settings (negative, infinite, NaN) cannot trap the conversion.
        func millis(_ seconds: Double) -> UInt64 { UInt64(min(max(0.001, seconds.isNaN ? 1 : seconds), 1e9) * 1000) }
        idleTimeoutMillis = millis(configuration.idleTimeout)
        pingIntervalMillis = configuration.pingInterval.map(millis)
        closeTimeoutMillis = millis(configuration.closeTimeout)
        headerTimeoutMillis = millis(configuration.headerTimeout)
        lingerMillis = min(headerTimeoutMillis, 2000)
        let shortest = [idleTimeoutMillis, pingIntervalMillis ?? .max, closeTimeoutMillis, headerTimeoutMillis].min() ?? 1000
        tickMillis = Int32(min(250, max(10, shortest / 4)))
    }

    /// A fresh connection id (process-unique per server, starting at 1).
    func makeID() -> UInt64 { nextID.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// Reports a refusal to the configured observer.
    func reject(_ rejection: HTTPRejection) { configuration.rejectionObserver?(rejection) }
}
