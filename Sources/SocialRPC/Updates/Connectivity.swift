/// A user's presence as friends see it; raw values are the protocol's `ConnectivityStatus` numbers.
public enum Connectivity: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// At least one authenticated connection, recently active.
    case online = 0
    /// No authenticated connection.
    case offline = 1
    /// Connected, but no frame on any connection for the idle time.
    case away = 2

    public var description: String {
        switch self {
        case .online: return "ONLINE"
        case .offline: return "OFFLINE"
        case .away: return "AWAY"
        }
    }
}
