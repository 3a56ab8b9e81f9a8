/// Receives the events of every connection of a server. Callbacks for one connection arrive serially and
/// in order on an event-loop thread: they must not block (hop to a Task or actor for real work).
public protocol WebSocketHandler: AnyObject, Sendable {
    /// Admission of a valid upgrade request, before the 101 is sent (and only when the connection limit
    /// allows it). When it accepts, `webSocketDidOpen` follows at once on the same thread; when it
    /// refuses, its response is sent, the socket closes and the refusal is reported to the
    /// configuration's `rejectionObserver`. The default accepts.
    func webSocketShouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision
    /// The handshake completed; the connection can send.
    func webSocketDidOpen(_ connection: WebSocketConnection)
    /// A complete (reassembled, validated) data message arrived.
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage)
    /// The connection is gone; called exactly once per opened connection. `code` is the code of the close
    /// frame that started the closing handshake (either side), 1005 when it had none, 1006 when the TCP
    /// connection ended without one.
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String)
}

extension WebSocketHandler {
    public func webSocketShouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision { .accept }
}

/// A `WebSocketHandler`'s answer to an upgrade request.
public enum WebSocketUpgradeDecision: Sendable {
    /// Switch protocols.
    case accept
    /// Answer `response` instead (e.g. 503 when too many connections wait), counted as `rejection`.
    case refuse(HTTPResponse, HTTPRejection)
}
