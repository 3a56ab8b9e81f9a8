/// Receives the events of every connection of a server. Callbacks for one connection arrive serially and
/// in order on an event-loop thread: they must not block (hop to a Task or actor for real work).
public protocol WebSocketHandler: AnyObject, Sendable {
    /// The handshake completed; the connection can send.
    func webSocketDidOpen(_ connection: WebSocketConnection)
    /// A complete (reassembled, validated) data message arrived.
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage)
    /// The connection is gone; called exactly once per opened connection. `code` is the code of the close
    /// frame that started the closing handshake (either side), 1005 when it had none, 1006 when the TCP
    /// connection ended without one.
    func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String)
}
