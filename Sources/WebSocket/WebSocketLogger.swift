import Glibc

/// Severity of a server log line.
public enum WebSocketLogLevel: Int, Sendable, Comparable {
    case debug, info, warning, error

    /// Orders by severity.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    var label: String {
        switch self {
        case .debug: return "debug"
        case .info: return "info"
        case .warning: return "warning"
        case .error: return "error"
        }
    }
}

/// Where the server's log lines go (a seam: the daemon plugs in its own logger).
public protocol WebSocketLogger: Sendable {
    /// Records one event; called from event-loop threads, so it must not block for long.
    func log(_ level: WebSocketLogLevel, _ message: String)
}

/// Writes `websocket <level>: <message>` lines to standard error, dropping those below `minimumLevel`.
public struct StandardErrorLogger: WebSocketLogger {
    /// Lines below this level are dropped.
    public let minimumLevel: WebSocketLogLevel

    /// A logger writing lines at `minimumLevel` and above.
    public init(minimumLevel: WebSocketLogLevel = .info) { self.minimumLevel = minimumLevel }

    /// Writes `websocket <level>: <message>` as one line.
    public func log(_ level: WebSocketLogLevel, _ message: String) {
        guard level >= minimumLevel else { return }
        var line = Array("websocket \(level.label): \(message)\n".utf8)
        // One write per line so lines from several threads do not interleave.
        _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
