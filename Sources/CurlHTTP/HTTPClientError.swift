/// Why a request produced no HTTP response.
///
/// HTTP error statuses are responses, not errors: callers decide what a 4xx/5xx means.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connect, total or low-speed timeout expired.
    case timeout(String)
    /// No connection could be made (refused, unreachable, name not resolved).
    case connectFailed(String)
    /// The response body exceeded the configured cap (bytes).
    case bodyTooLarge(limit: Int)
    /// The calling task was cancelled.
    case cancelled
    /// The request could not be sent as given (bad URL, unsupported scheme, …).
    case invalidRequest(String)
    /// Any other libcurl failure, with its `CURLcode` and message (partial transfers, resets, TLS, …).
    case transport(code: Int, message: String)

    /// Whether repeating the request may succeed (a transient network condition).
    public var isTransient: Bool {
        switch self {
        case .timeout, .connectFailed, .transport: true
        case .bodyTooLarge, .cancelled, .invalidRequest: false
        }
    }

    /// Whether the failure happened before the request could have reached the server.
    public var isBeforeSending: Bool {
        if case .connectFailed = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .timeout(let message): "timeout: \(message)"
        case .connectFailed(let message): "connection failed: \(message)"
        case .bodyTooLarge(let limit): "response body larger than \(limit) bytes"
        case .cancelled: "request cancelled"
        case .invalidRequest(let message): "invalid request: \(message)"
        case .transport(let code, let message): "transfer failed (curl \(code)): \(message)"
        }
    }
}
