/// Close codes used by the server (RFC 6455 §7.4.1 and the IANA registry).
public enum WebSocketCloseCode {
    /// Normal closure.
    public static let normal: UInt16 = 1000
    /// Going away: idle timeout, server shutdown.
    public static let goingAway: UInt16 = 1001
    /// The peer broke the protocol.
    public static let protocolError: UInt16 = 1002
    /// Data of a type the endpoint cannot accept.
    public static let unsupportedData: UInt16 = 1003
    /// Reported to handlers when the close frame carried no code; never sent.
    public static let noStatus: UInt16 = 1005
    /// Reported to handlers when the TCP connection ended without a close frame; never sent.
    public static let abnormal: UInt16 = 1006
    /// Invalid payload data, e.g. text that is not UTF-8.
    public static let invalidPayload: UInt16 = 1007
    /// A policy was violated.
    public static let policyViolation: UInt16 = 1008
    /// A message over the size limit.
    public static let messageTooBig: UInt16 = 1009
    /// The server cannot go on (e.g. outbound buffer overflow).
    public static let internalError: UInt16 = 1011
    /// The server is at capacity (connection limit).
    public static let tryAgainLater: UInt16 = 1013

    /// Whether `code` may be sent in a close frame: 1000–1003, 1007–1014 and the 3000–4999 ranges.
    public static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }
}
