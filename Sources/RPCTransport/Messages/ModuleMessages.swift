import Protobuf

/// REQUEST_MODULE (C→S): asks a port for a module's procedure table.
public struct RequestModule: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var portID: UInt32 = 0
    public var moduleName: String = ""

    public init() {}
    public init(messageIdentifier: UInt32, portID: UInt32, moduleName: String) {
        self.messageIdentifier = messageIdentifier
        self.portID = portID
        self.moduleName = moduleName
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 2: portID = try reader.readFixed32(field, type)
            case 4: moduleName = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(fixed32: portID, field: 2)
        writer.writeIfNotDefault(string: moduleName, field: 4)
    }
}

/// One entry of a module's procedure table: the id to call and the PascalCase rpc name.
public struct ModuleProcedure: ProtoMessage {
    public var procedureID: UInt32 = 0
    public var procedureName: String = ""

    public init() {}
    public init(procedureID: UInt32, procedureName: String) {
        self.procedureID = procedureID
        self.procedureName = procedureName
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: procedureID = try reader.readFixed32(field, type)
            case 2: procedureName = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: procedureID, field: 1)
        writer.writeIfNotDefault(string: procedureName, field: 2)
    }
}

/// REQUEST_MODULE_RESPONSE (S→C): the module's procedures for that port.
public struct RequestModuleResponse: ProtoMessage {
    public var messageIdentifier: UInt32 = 0
    public var portID: UInt32 = 0
    public var procedures: [ModuleProcedure] = []

    public init() {}
    public init(messageIdentifier: UInt32, portID: UInt32, procedures: [ModuleProcedure]) {
        self.messageIdentifier = messageIdentifier
        self.portID = portID
        self.procedures = procedures
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: messageIdentifier = try reader.readFixed32(field, type)
            case 2: portID = try reader.readFixed32(field, type)
            case 5: procedures.append(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(fixed32: messageIdentifier, field: 1)
        writer.writeIfNotDefault(fixed32: portID, field: 2)
        for procedure in procedures { writer.write(message: procedure, field: 5) }
    }
}
