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
