import Protobuf

/// CREATE_PORT (C→S): opens a port; `port_name` is informational only.
public struct CreatePort: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var portName: String = ""

    public init() {}
    public init(messageIdentifier: UInt32, portName: String) {
        self.messageIdentifier = messageIdentifier
        self.portName = portName
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 4: portName = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(string: portName, field: 4)
    }
}

/// CREATE_PORT_RESPONSE (S→C): the id allocated for the port.
public struct CreatePortResponse: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var portID: UInt32 = 0

    public init() {}
    public init(messageIdentifier: UInt32, portID: UInt32) {
        self.messageIdentifier = messageIdentifier
        self.portID = portID
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 2: portID = try reader.readFixed32(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(fixed32: portID, field: 2)
    }
}

/// DESTROY_PORT (C→S, number 0): the client closes a port; no reply.
public struct DestroyPort: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var portID: UInt32 = 0

    public init() {}
    public init(messageIdentifier: UInt32, portID: UInt32) {
        self.messageIdentifier = messageIdentifier
        self.portID = portID
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 2: portID = try reader.readFixed32(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(fixed32: portID, field: 2)
    }
}
