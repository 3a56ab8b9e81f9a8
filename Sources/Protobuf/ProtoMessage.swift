/// A protobuf message with a hand-written codec that reads like generated code.
public protocol ProtoMessage: Sendable, Equatable {
    /// All fields at their defaults.
    init()
    /// Decodes, skipping unknown fields.
    /// - Throws: `ProtobufError` for malformed input.
    init(serializedBytes: [UInt8]) throws(ProtobufError)
    /// Appends this message's fields (proto3 presence rules) to `writer`.
    func encode(to writer: inout ProtoWriter)
}

extension ProtoMessage {
    /// The encoded message.
    public func serializedBytes() -> [UInt8] {
        var writer = ProtoWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Decodes from a slice (a payload inside a larger frame).
    /// - Throws: `ProtobufError` for malformed input.
    public init(serializedBytes slice: ArraySlice<UInt8>) throws(ProtobufError) {
        try self.init(serializedBytes: Array(slice))
    }
}
