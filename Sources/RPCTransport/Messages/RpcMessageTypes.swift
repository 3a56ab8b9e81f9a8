/// The `@dcl/rpc` message kinds (`RpcMessageTypes` in `index.proto`); the value travels in bits 27..30
/// of every message's `message_identifier`.
public enum RpcMessageTypes: UInt32, Sendable, CaseIterable {
    case empty = 0
    case request = 1
    case response = 2
    case streamMessage = 3
    case streamAck = 4
    case createPort = 5
    case createPortResponse = 6
    case requestModule = 7
    case requestModuleResponse = 8
    case remoteErrorResponse = 9
    case destroyPort = 10
    case serverReady = 11
}

/// Packs and unpacks `message_identifier = (type << 27) | number` (`helpers.ts` of `@dcl/rpc`).
public enum MessageIdentifier {
    /// Largest message number that fits in bits 0..26.
    public static let maxMessageNumber: UInt32 = 0x07FF_FFFF

    /// The identifier for a message of `type` correlated by `number` (both masked to their bit ranges).
    public static func make(_ type: RpcMessageTypes, _ number: UInt32) -> UInt32 {
        make(rawType: type.rawValue, number)
    }

    /// The identifier for a raw type value (0...15); used to build deliberately invalid frames too.
    public static func make(rawType: UInt32, _ number: UInt32) -> UInt32 {
        ((rawType & 0xF) << 27) | (number & maxMessageNumber)
    }

    /// The raw type value in bits 27..30 (0...15; values above 11 have no `RpcMessageTypes` case).
    public static func rawType(of identifier: UInt32) -> UInt32 { (identifier >> 27) & 0xF }

    /// The message type, or `nil` when bits 27..30 hold a value with no meaning (12...15).
    public static func type(of identifier: UInt32) -> RpcMessageTypes? { RpcMessageTypes(rawValue: rawType(of: identifier)) }

    /// The message number in bits 0..26.
    public static func number(of identifier: UInt32) -> UInt32 { identifier & maxMessageNumber }
}
