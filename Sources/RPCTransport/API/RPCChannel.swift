/// The transport under one session: what a WebSocket connection offers, reduced to what the RPC
/// protocol needs, so sessions can run over sockets or in memory (tests).
///
/// Implementations must not call back into the session from these methods.
public protocol RPCChannel: Sendable {
    /// Enqueues one binary frame (the session never sends text).
    func send(_ frame: [UInt8])
    /// Closes the connection with a WebSocket close code and reason; idempotent.
    func close(code: UInt16, reason: String)
}
