/// The loop-thread half of a connection: timers and closing-handshake progress.
struct ConnectionState {
    enum Phase { case open, closing, closed }

    /// Monotonic ms of the last inbound bytes.
    var lastActivity: UInt64
    var phase: Phase = .open
    /// Whether `webSocketDidOpen` ran (so `webSocketDidClose` is owed).
    var opened = false
    var keepalivePingOutstanding = false
    var closeFrameSent = false
    var closeFrameReceived = false
    /// After a protocol violation, inbound bytes are read and discarded until EOF.
    var discardingInput = false
    /// Close the socket as soon as the outbound queue drains (after echoing the peer's close).
    var closeWhenFlushed = false
    /// Half-close (FIN) as soon as the outbound queue drains (after failing the connection).
    var shutdownWhenFlushed = false
    var closeDeadline: UInt64 = 0
    /// What `webSocketDidClose` reports: the first close frame seen in either direction.
    var closeCode: UInt16 = WebSocketCloseCode.abnormal
    var closeReason = ""

    init(now: UInt64) { lastActivity = now }
}
