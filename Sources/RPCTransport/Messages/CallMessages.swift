import Protobuf

/// REQUEST (C→S): calls a procedure; `payload` is the encoded request message.
public struct Request: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var portID: UInt32 = 0
    public var procedureID: UInt32 = 0
    /// Message number of a client stream, 0 when there is none (the only case this server accepts).
    public var clientStream: UInt32 = 0
    public var payload: [UInt8] = []

    public init() {}
    public init(messageIdentifier: UInt32, portID: UInt32, procedureID: UInt32, clientStream: UInt32 = 0, payload: [UInt8] = []) {
        self.messageIdentifier = messageIdentifier
        self.portID = portID
        self.procedureID = procedureID
        self.clientStream = clientStream
        self.payload = payload
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 2: portID = try reader.readFixed32(field, type)
            case 4: procedureID = try reader.readFixed32(field, type)
            case 5: clientStream = try reader.readFixed32(field, type)
            case 6: payload = try reader.readBytes(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(fixed32: portID, field: 2)
        writer.writeIfNotDefault(fixed32: procedureID, field: 4)
        writer.writeIfNotDefault(fixed32: clientStream, field: 5)
        writer.writeIfNotDefault(bytes: payload, field: 6)
    }
}

/// RESPONSE (S→C): the encoded result of a unary call (omitted when empty).
public struct Response: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var payload: [UInt8] = []

    public init() {}
    public init(messageIdentifier: UInt32, payload: [UInt8]) {
        self.messageIdentifier = messageIdentifier
        self.payload = payload
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 6: payload = try reader.readBytes(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(bytes: payload, field: 6)
    }
}

/// REMOTE_ERROR_RESPONSE (S→C): a call or module request failed; clients raise `RemoteError: <message>`.
public struct RemoteError: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    /// Always 0 from this server, as from the reference.
    public var errorCode: UInt32 = 0
    public var errorMessage: String = ""

    public init() {}
    public init(messageIdentifier: UInt32, errorCode: UInt32 = 0, errorMessage: String) {
        self.messageIdentifier = messageIdentifier
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 2: errorCode = try reader.readFixed32(field, type)
            case 3: errorMessage = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(fixed32: errorCode, field: 2)
        writer.writeIfNotDefault(string: errorMessage, field: 3)
    }
}
