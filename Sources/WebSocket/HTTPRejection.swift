/// Why the front door refused a connection's request before any handler answered it; the `reason` is
/// the metrics label (`socialbridge_http_rejected_total{reason="…"}`). A struct, not an enum, so layers
/// above can name their own refusals (the RPC transport adds `pending_auth_full`).
public struct HTTPRejection: Sendable, Hashable, CustomStringConvertible {
    /// The label value, snake_case.
    public let reason: String

    /// - Parameter reason: the label value.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }

    /// The first bytes cannot start `method SP target SP HTTP/1.x` (TLS, binary, a bare newline) → 400.
    public static let badRequestLine = HTTPRejection("bad_request_line")
    /// The request head did not arrive within the header timeout → 408.
    public static let headerTimeout = HTTPRejection("header_timeout")
    /// The request head grew past the head limit → 431.
    public static let headerTooLarge = HTTPRejection("header_too_large")
    /// A malformed header field, Content-Length or Transfer-Encoding → 400 / 501.
    public static let badHeader = HTTPRejection("bad_header")
    /// A Content-Length over the handler's limit → 413 (the handler's own response).
    public static let bodyTooLarge = HTTPRejection("body_too_large")
    /// The body stopped arriving for a header timeout → 408.
    public static let bodyTimeout = HTTPRejection("body_timeout")
    /// A WebSocket upgrade request that RFC 6455 refuses (method, version, key, headers) → 400/405/426.
    public static let badUpgrade = HTTPRejection("bad_upgrade")

    /// The refusals the WebSocket server itself makes.
    public static let serverReasons: [HTTPRejection] = [
        .badRequestLine, .headerTimeout, .headerTooLarge, .badHeader, .bodyTooLarge, .bodyTimeout, .badUpgrade,
    ]
}
