/// The close codes and reasons the transport ends a connection with (§3.1, §1.10), in one place.
public enum RPCCloseCode: Sendable, Equatable {
    /// The credential was refused: 3003 "Unauthorized".
    case unauthorized
    /// No credential (or no verdict) within the authentication timeout: 3004 "Authorization timeout".
    case authorizationTimeout
    /// A protocol violation or transport failure: 1011 "RPC transport closed".
    case transportClosed

    /// The WebSocket close code.
    public var code: UInt16 {
        switch self {
        case .unauthorized: 3003
        case .authorizationTimeout: 3004
        case .transportClosed: 1011
        }
    }

    /// The close reason text.
    public var reason: String {
        switch self {
        case .unauthorized: "Unauthorized"
        case .authorizationTimeout: "Authorization timeout"
        case .transportClosed: "RPC transport closed"
        }
    }
}
