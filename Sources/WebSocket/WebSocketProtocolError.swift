/// A violation of RFC 6455 by the peer, found while decoding its frames.
public enum WebSocketProtocolError: Error, Sendable, Equatable {
    /// A client frame without the mask bit (§5.1).
    case unmaskedFrame
    /// RSV1–3 set although no extension was negotiated.
    case reservedBitsSet
    /// An opcode RFC 6455 does not define.
    case unknownOpcode(UInt8)
    /// A control frame whose payload exceeds 125 bytes.
    case controlFrameTooLong
    /// A control frame without FIN.
    case fragmentedControlFrame
    /// A continuation frame with no fragmented message in progress.
    case unexpectedContinuation
    /// A new text/binary frame while a fragmented message is still open.
    case expectedContinuation
    /// A 64-bit payload length with the most significant bit set.
    case invalidLength
    /// The message (all fragments so far plus the announced frame) exceeds the limit.
    case messageTooLarge(limit: Int)
    /// A text message that is not valid UTF-8.
    case invalidUTF8
    /// A close frame with a one-byte payload.
    case invalidClosePayload
    /// A close code that may not appear on the wire.
    case invalidCloseCode(UInt16)
    /// A close reason that is not valid UTF-8.
    case invalidCloseReason

    /// The close code the server answers this violation with (the single mapping to the wire).
    public var closeCode: UInt16 {
        switch self {
        case .invalidUTF8, .invalidCloseReason: return WebSocketCloseCode.invalidPayload
        case .messageTooLarge: return WebSocketCloseCode.messageTooBig
        default: return WebSocketCloseCode.protocolError
        }
    }

    /// A short reason for the close frame and the log.
    public var reason: String {
        switch self {
        case .unmaskedFrame: return "unmasked client frame"
        case .reservedBitsSet: return "reserved bits set"
        case .unknownOpcode(let opcode): return "unknown opcode \(opcode)"
        case .controlFrameTooLong: return "control frame too long"
        case .fragmentedControlFrame: return "fragmented control frame"
        case .unexpectedContinuation: return "unexpected continuation frame"
        case .expectedContinuation: return "expected continuation frame"
        case .invalidLength: return "invalid payload length"
        case .messageTooLarge(let limit): return "message exceeds \(limit) bytes"
        case .invalidUTF8: return "invalid UTF-8 in text message"
        case .invalidClosePayload: return "invalid close payload"
        case .invalidCloseCode(let code): return "invalid close code \(code)"
        case .invalidCloseReason: return "invalid UTF-8 in close reason"
        }
    }
}

/// Close codes used by the server (RFC 6455 §7.4.1 and the IANA registry).
public enum WebSocketCloseCode {
    public static let normal: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let protocolError: UInt16 = 1002
    public static let unsupportedData: UInt16 = 1003
    /// Reported to handlers when the close frame carried no code; never sent.
    public static let noStatus: UInt16 = 1005
    /// Reported to handlers when the TCP connection ended without a close frame; never sent.
    public static let abnormal: UInt16 = 1006
    public static let invalidPayload: UInt16 = 1007
    public static let policyViolation: UInt16 = 1008
    public static let messageTooBig: UInt16 = 1009
    public static let internalError: UInt16 = 1011
    public static let tryAgainLater: UInt16 = 1013

    /// Whether `code` may be sent in a close frame: 1000–1003, 1007–1014 and the 3000–4999 ranges.
    public static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }
}
