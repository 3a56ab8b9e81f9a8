import SocialRPC
import WebSocket

extension Logger {
    /// The service's log (`SocialRPC`), written through this logger with `component` as a field.
    public func socialLog(component: String) -> SocialLog {
        SocialLog { [self] level, message, fields in
            let mapped: LogLevel
            switch level {
            case .debug: mapped = .debug
            case .info: mapped = .info
            case .warning: mapped = .warning
            case .error: mapped = .error
            }
            log(mapped, message, [("component", .string(component))] + fields.map { ($0.0, .string($0.1)) })
        }
    }

    /// The WebSocket server's logger, written through this logger with `component=websocket`.
    public var webSocketLogger: any WebSocketLogger { WebSocketLogAdapter(logger: self) }
}

/// `WebSocketLogger` over `Logger`.
struct WebSocketLogAdapter: WebSocketLogger {
    let logger: Logger

    func log(_ level: WebSocketLogLevel, _ message: String) {
        let mapped: LogLevel
        switch level {
        case .debug: mapped = .debug
        case .info: mapped = .info
        case .warning: mapped = .warning
        case .error: mapped = .error
        }
        logger.log(mapped, message, [("component", "websocket")])
    }
}
