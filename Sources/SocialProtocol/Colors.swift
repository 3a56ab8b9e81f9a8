import Protobuf

/// `decentraland.common.Color3`: three floats (wire type 5), each omitted when 0.
public struct Color3: ProtoMessage {
    /// `r = 1`
    public var r: Float = 0
    /// `g = 2`
    public var g: Float = 0
    /// `b = 3`
    public var b: Float = 0

    public init() {}

    /// A message with these field values.
    public init(r: Float, g: Float, b: Float) {
        self.r = r
        self.g = g
        self.b = b
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: r = try reader.readFloat(field, type)
            case 2: g = try reader.readFloat(field, type)
            case 3: b = try reader.readFloat(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(float: r, field: 1)
        writer.writeIfNotDefault(float: g, field: 2)
        writer.writeIfNotDefault(float: b, field: 3)
    }
}
