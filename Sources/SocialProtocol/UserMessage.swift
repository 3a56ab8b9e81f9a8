import Protobuf

/// The shape of the many messages whose only field is `User user = 1` (block/unblock/status payloads,
/// the upsert actions and the friendship-update events); the codec is implemented once here.
public protocol UserMessage: ProtoMessage {
    /// `User user = 1`; `nil` when absent.
    var user: User? { get set }
}

extension UserMessage {
    /// Decodes `user`, skipping unknown fields.
    /// - Throws: `ProtobufError` for malformed input.
    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        self.init()
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: user = try reader.readMessage(field, type, merging: user)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        if let user { writer.write(message: user, field: 1) }
    }

    /// The user's address, or "" when the field is absent.
    public var userAddress: String { user?.address ?? "" }
}
