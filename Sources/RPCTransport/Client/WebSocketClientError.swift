/// Why a client WebSocket connection failed, in words an operator can act on.
public enum WebSocketClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The URL is not `ws://host[:port][/path]`.
    case invalidURL(String)
    /// The host name does not resolve.
    case unresolvable(host: String, reason: String)
    /// No TCP connection (refused, unreachable, timed out).
    case connect(address: String, reason: String)
    /// The server did not accept the upgrade.
    case handshake(String)
    /// The server sent a close frame (code and reason) or dropped the connection (code nil).
    case closed(code: UInt16?, reason: String)
    /// Nothing arrived in time.
    case timeout
    /// The server broke RFC 6455 (masked frames, bad lengths, bad UTF-8 in text).
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): return "invalid URL \(url): expected ws://host[:port][/path] (no TLS: wss:// needs a proxy or another client)"
        case .unresolvable(let host, let reason): return "cannot resolve \(host): \(reason)"
        case .connect(let address, let reason): return "cannot connect to \(address): \(reason)"
        case .handshake(let detail): return "the server refused the WebSocket upgrade: \(detail)"
        case .closed(let code?, let reason): return "the server closed the connection (\(code)\(reason.isEmpty ? "" : " \(reason)"))"
        case .closed(nil, _): return "the connection was lost"
        case .timeout: return "timed out waiting for the server"
        case .protocolViolation(let detail): return "the server broke the WebSocket protocol: \(detail)"
        }
    }
}
