import Protobuf

/// Field 1 alone: what every transport message starts with, decoded first to classify a frame.
/// SERVER_READY is exactly this message.
public struct RpcMessageHeader: ProtoMessage {
    public var messageIdentifier: UInt32 = 0

    public init() {}
    public init(messageIdentifier: UInt32) { self.messageIdentifier = messageIdentifier }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
    }
}

extension RpcMessageHeader {
    /// The message SERVER_READY (`0D 00 00 00 58`), sent once after authentication succeeds.
    public static let serverReady = RpcMessageHeader(messageIdentifier: MessageIdentifier.make(.serverReady, 0))
}
