/// A complete, reassembled WebSocket data message.
public enum WebSocketMessage: Sendable, Equatable {
    /// A text message; its bytes were validated as UTF-8.
    case text(String)
    /// A binary message.
    case binary([UInt8])
}

/// The frame opcodes of RFC 6455 §5.2.
public enum WebSocketOpcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Control frames (close, ping, pong) have the high bit of the opcode set.
    var isControl: Bool { rawValue & 0x8 != 0 }
}
