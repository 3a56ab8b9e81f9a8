import Protobuf

/// STREAM_MESSAGE / STREAM_ACK (both directions): stream offer, element, close and acknowledgement.
public struct StreamMessage: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var portID: UInt32 = 0
    public var sequenceID: UInt32 = 0
    public var payload: [UInt8] = []
    public var closed: Bool = false
    public var ack: Bool = false

    public init() {}
    public init(messageIdentifier: UInt32, portID: UInt32, sequenceID: UInt32 = 0, payload: [UInt8] = [], closed: Bool = false, ack: Bool = false) {
        self.messageIdentifier = messageIdentifier
        self.portID = portID
        self.sequenceID = sequenceID
        self.payload = payload
        self.closed = closed
        self.ack = ack
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 2: portID = try reader.readFixed32(field, type)
            case 4: sequenceID = try reader.readFixed32(field, type)
            case 6: payload = try reader.readBytes(field, type)
            case 7: closed = try reader.readBool(field, type)
            case 8: ack = try reader.readBool(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(fixed32: portID, field: 2)
        writer.writeIfNotDefault(fixed32: sequenceID, field: 4)
        writer.writeIfNotDefault(bytes: payload, field: 6)
        writer.writeIfNotDefault(bool: closed, field: 7)
        writer.writeIfNotDefault(bool: ack, field: 8)
    }
}
