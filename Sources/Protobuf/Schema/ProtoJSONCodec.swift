import BridgeJSON

/// Converts between JSON and protobuf wire bytes for any message of a `ProtoSchema`, using the field
/// names of the `.proto` files (the lowerCamel JSON names are accepted on input too).
///
/// The mapping is protobuf's JSON mapping with two choices for people reading a terminal:
/// - 64-bit integers are printed as JSON numbers (they are millisecond timestamps here), and accepted
///   as numbers or strings;
/// - fields without presence are printed even at their default (`"total": 0`, `"friends": []`), as
///   protobuf's `always_print_fields_with_no_presence` does; absent messages, `optional` fields and
///   unset oneof members are omitted.
/// Enums are names (numbers accepted), bytes are base64. Encoding follows the generated encoders: proto3
/// defaults without presence are not written, repeated numbers are packed.
public struct ProtoJSONCodec: Sendable {
    /// The types this codec knows.
    public let schema: ProtoSchema
    /// Nesting deeper than this is refused (in JSON and in wire bytes).
    public static let maxDepth = 64

    /// A codec over `schema`.
    public init(schema: ProtoSchema) { self.schema = schema }

    // MARK: - JSON → bytes

    /// Encodes a JSON object as the message `type`.
    /// - Throws: `ProtoJSONError` naming the path of an unknown field, a value of the wrong kind or range,
    ///   or two members of one oneof.
    public func encode(_ json: JSON, as type: String) throws(ProtoJSONError) -> [UInt8] {
        var writer = ProtoWriter()
        try encodeMessage(json, type: type, path: "$", depth: 0, into: &writer)
        return writer.bytes
    }

    private func message(_ type: String, path: String) throws(ProtoJSONError) -> ProtoMessageSchema {
        guard let message = schema.messages[type] else { throw ProtoJSONError(path: path, problem: "unknown message type \(type)") }
        return message
    }

    private func encodeMessage(_ json: JSON, type: String, path: String, depth: Int, into writer: inout ProtoWriter) throws(ProtoJSONError) {
        guard depth < Self.maxDepth else { throw ProtoJSONError(path: path, problem: "nested too deeply") }
        let message = try message(type, path: path)
        guard let members = json.members else {
            throw ProtoJSONError(path: path, problem: "expected an object (\(message.shortName)), got \(json.kindDescription)")
        }
        var values: [Int: JSON] = [:]
        var oneofs: [String: String] = [:]
        for member in members {
            guard let field = message.fields.first(where: { $0.name == member.key || $0.jsonName == member.key }) else {
                let names = message.fields.map(\.name)
                throw ProtoJSONError(
                    path: path, problem: "unknown field '\(member.key)' in \(message.shortName)"
                        + (names.isEmpty ? " (it has no fields)" : " (fields: \(names.joined(separator: ", ")))"))
            }
            if member.value == .null { continue }
            guard values[field.number] == nil else { throw ProtoJSONError(path: path, problem: "field '\(field.name)' given twice") }
            if let oneof = field.oneof {
                if let other = oneofs[oneof] {
                    throw ProtoJSONError(path: path, problem: "'\(other)' and '\(field.name)' are members of the oneof '\(oneof)': give one")
                }
                oneofs[oneof] = field.name
            }
            values[field.number] = member.value
        }
        // Declaration order, as generated encoders write fields.
        for field in message.fields {
            guard let value = values[field.number] else { continue }
            let fieldPath = path + "." + field.name
            if field.label == .repeated {
                guard let elements = value.elements else {
                    throw ProtoJSONError(path: fieldPath, problem: "expected an array, got \(value.kindDescription)")
                }
                if field.type.isPackable {
                    var packed = ProtoWriter()
                    for (index, element) in elements.enumerated() {
                        try writeValue(element, field: field, path: "\(fieldPath)[\(index)]", depth: depth, packedInto: &packed)
                    }
                    if !elements.isEmpty { writer.write(bytes: packed.bytes, field: field.number) }
                } else {
                    for (index, element) in elements.enumerated() {
                        try writeField(element, field: field, path: "\(fieldPath)[\(index)]", depth: depth, alwaysWrite: true, into: &writer)
                    }
                }
            } else {
                try writeField(value, field: field, path: fieldPath, depth: depth, alwaysWrite: field.hasPresence, into: &writer)
            }
        }
    }

    /// One tagged value (a singular field, or one element of a repeated unpackable field).
    private func writeField(
        _ json: JSON, field: ProtoFieldSchema, path: String, depth: Int, alwaysWrite: Bool, into writer: inout ProtoWriter
    ) throws(ProtoJSONError) {
        switch field.type {
        case .message(let type):
            var nested = ProtoWriter()
            try encodeMessage(json, type: type, path: path, depth: depth + 1, into: &nested)
            writer.write(bytes: nested.bytes, field: field.number)
        case .scalar(.string):
            guard let text = json.stringValue else { throw ProtoJSONError(path: path, problem: "expected a string, got \(json.kindDescription)") }
            if alwaysWrite || !text.isEmpty { writer.write(string: text, field: field.number) }
        case .scalar(.bytes):
            guard let text = json.stringValue, let bytes = Base64Text.decode(text) else {
                throw ProtoJSONError(path: path, problem: "expected base64 text")
            }
            if alwaysWrite || !bytes.isEmpty { writer.write(bytes: bytes, field: field.number) }
        default:
            var raw = ProtoWriter()
            let isDefault = try writeNumber(json, type: field.type, path: path, into: &raw)
            if alwaysWrite || !isDefault {
                writer.writeTag(field.number, field.type.wireType)
                writer.writeRaw(raw.bytes)
            }
        }
    }

    /// One element of a packed field: the raw value without a tag.
    private func writeValue(_ json: JSON, field: ProtoFieldSchema, path: String, depth: Int, packedInto writer: inout ProtoWriter) throws(ProtoJSONError) {
        _ = try writeNumber(json, type: field.type, path: path, into: &writer)
    }

    /// Writes a number, bool or enum value (no tag). - Returns: whether it is the type's default.
    private func writeNumber(_ json: JSON, type: ProtoFieldType, path: String, into writer: inout ProtoWriter) throws(ProtoJSONError) -> Bool {
        switch type {
        case .enumeration(let name):
            let number = try enumNumber(json, enumName: name, path: path)
            writer.writeVarint(UInt64(bitPattern: Int64(number)))
            return number == 0
        case .scalar(let scalar):
            switch scalar {
            case .bool:
                guard case .bool(let flag) = json else { throw ProtoJSONError(path: path, problem: "expected true or false, got \(json.kindDescription)") }
                writer.writeVarint(flag ? 1 : 0)
                return !flag
            case .int32, .sint32, .sfixed32:
                let value = try integer(json, path: path, range: Int64(Int32.min)...Int64(Int32.max), typeName: scalar.rawValue)
                let v32 = Int32(value)
                switch scalar {
                case .int32: writer.writeVarint(UInt64(bitPattern: Int64(v32)))
                case .sint32: writer.writeVarint(UInt64(ProtoWriter.zigzag32(v32)))
                default: writer.writeFixed32Raw(UInt32(bitPattern: v32))
                }
                return value == 0
            case .int64, .sint64, .sfixed64:
                let value = try integer(json, path: path, range: Int64.min...Int64.max, typeName: scalar.rawValue)
                switch scalar {
                case .int64: writer.writeVarint(UInt64(bitPattern: value))
                case .sint64: writer.writeVarint(ProtoWriter.zigzag64(value))
                default: writer.writeFixed64Raw(UInt64(bitPattern: value))
                }
                return value == 0
            case .uint32, .fixed32:
                let value = try unsigned(json, path: path, maximum: UInt64(UInt32.max), typeName: scalar.rawValue)
                if scalar == .uint32 { writer.writeVarint(value) } else { writer.writeFixed32Raw(UInt32(value)) }
                return value == 0
            case .uint64, .fixed64:
                let value = try unsigned(json, path: path, maximum: UInt64.max, typeName: scalar.rawValue)
                if scalar == .uint64 { writer.writeVarint(value) } else { writer.writeFixed64Raw(value) }
                return value == 0
            case .double:
                let value = try floating(json, path: path)
                writer.writeFixed64Raw(value.bitPattern)
                return value.bitPattern == 0
            case .float:
                let value = Float(try floating(json, path: path))
                writer.writeFixed32Raw(value.bitPattern)
                return value.bitPattern == 0
            case .string, .bytes:
                throw ProtoJSONError(path: path, problem: "internal: \(scalar) is not a number")
            }
        case .message:
            throw ProtoJSONError(path: path, problem: "internal: a message is not a number")
        }
    }

    private func enumNumber(_ json: JSON, enumName: String, path: String) throws(ProtoJSONError) -> Int32 {
        guard let schema = schema.enums[enumName] else { throw ProtoJSONError(path: path, problem: "unknown enum type \(enumName)") }
        if let text = json.stringValue {
            guard let value = schema.values.first(where: { $0.name == text }) else {
                throw ProtoJSONError(path: path, problem: "'\(text)' is not a value of \(schema.name.split(separator: ".").last ?? ""); expected one of: \(schema.values.map(\.name).joined(separator: ", "))")
            }
            return value.number
        }
        return Int32(try integer(json, path: path, range: Int64(Int32.min)...Int64(Int32.max), typeName: "enum"))
    }

    private func integer(_ json: JSON, path: String, range: ClosedRange<Int64>, typeName: String) throws(ProtoJSONError) -> Int64 {
        let text: String
        switch json {
        case .number(let literal): text = literal
        case .string(let literal): text = literal
        default: throw ProtoJSONError(path: path, problem: "expected an integer (\(typeName)), got \(json.kindDescription)")
        }
        guard let value = Int64(text) ?? exactIntegral(text), range.contains(value) else {
            throw ProtoJSONError(path: path, problem: "expected an integer in \(range.lowerBound)…\(range.upperBound) (\(typeName)), got \(text)")
        }
        return value
    }

    private func unsigned(_ json: JSON, path: String, maximum: UInt64, typeName: String) throws(ProtoJSONError) -> UInt64 {
        let text: String
        switch json {
        case .number(let literal): text = literal
        case .string(let literal): text = literal
        default: throw ProtoJSONError(path: path, problem: "expected a non-negative integer (\(typeName)), got \(json.kindDescription)")
        }
        guard let value = UInt64(text) ?? exactIntegral(text).flatMap({ $0 >= 0 ? UInt64($0) : nil }), value <= maximum else {
            throw ProtoJSONError(path: path, problem: "expected an integer in 0…\(maximum) (\(typeName)), got \(text)")
        }
        return value
    }

    /// `1.0` or `1e3`: numbers with an exact integral value are integers, as protobuf's JSON parsers accept.
    private func exactIntegral(_ text: String) -> Int64? {
        guard let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 else { return nil }
        return Int64(value)
    }

    private func floating(_ json: JSON, path: String) throws(ProtoJSONError) -> Double {
        switch json {
        case .number(let literal):
            if let value = Double(literal) { return value }
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        case .string(let literal):
            if let value = Double(literal) { return value }
        default: break
        }
        throw ProtoJSONError(path: path, problem: "expected a number, got \(json.kindDescription)")
    }

    // MARK: - bytes → JSON

    /// Decodes wire bytes of the message `type` into JSON (fields in declaration order).
    /// - Throws: `ProtoJSONError` when the bytes are not a valid encoding of the type.
    public func decode(_ bytes: [UInt8], as type: String) throws(ProtoJSONError) -> JSON {
        try decodeMessage(bytes[...], type: type, path: "$", depth: 0)
    }

    private func decodeMessage(_ bytes: ArraySlice<UInt8>, type: String, path: String, depth: Int) throws(ProtoJSONError) -> JSON {
        guard depth < Self.maxDepth else { throw ProtoJSONError(path: path, problem: "nested too deeply") }
        let message = try message(type, path: path)
        var reader = ProtoReader(bytes)
        // Raw values per field number; sub-messages keep their bytes concatenated (protobuf's merge rule).
        var scalars: [Int: [JSON]] = [:]
        var nested: [Int: [ArraySlice<UInt8>]] = [:]
        var lastOneof: [String: Int] = [:]
        do {
            while let (number, wireType) = try reader.nextField() {
                guard let field = message.fields.first(where: { $0.number == number }) else {
                    try reader.skip(wireType)
                    continue
                }
                let fieldPath = path + "." + field.name
                if let oneof = field.oneof {
                    // A later member of a oneof replaces an earlier one.
                    if let previous = lastOneof[oneof], previous != number {
                        scalars[previous] = nil
                        nested[previous] = nil
                    }
                    lastOneof[oneof] = number
                }
                switch field.type {
                case .message:
                    guard wireType == .lengthDelimited else {
                        try reader.skip(wireType)
                        continue
                    }
                    let chunk = try reader.readLengthDelimited()
                    if field.label == .repeated { nested[number, default: []].append(chunk) } else { nested[number] = (nested[number] ?? []) + [chunk] }
                default:
                    // A known number with another wire type is an unknown field, as Google's runtimes treat it.
                    let packed = field.label == .repeated && field.type.isPackable && wireType == .lengthDelimited
                    guard packed || wireType == field.type.wireType else {
                        try reader.skip(wireType)
                        continue
                    }
                    if packed {
                        var packed = ProtoReader(try reader.readLengthDelimited())
                        while !packed.isAtEnd { scalars[number, default: []].append(try readScalar(&packed, field: field, wireType: field.type.wireType, path: fieldPath)) }
                    } else {
                        let value = try readScalar(&reader, field: field, wireType: wireType, path: fieldPath)
                        if field.label == .repeated { scalars[number, default: []].append(value) } else { scalars[number] = [value] }
                    }
                }
            }
        } catch let error as ProtoJSONError {
            throw error
        } catch {
            throw ProtoJSONError(path: path, problem: "invalid \(message.shortName) bytes: \(error)")
        }
        var members: [JSON.Member] = []
        for field in message.fields {
            let number = field.number
            if case .message(let nestedType) = field.type {
                let chunks = nested[number] ?? []
                if field.label == .repeated {
                    var elements: [JSON] = []
                    for (index, chunk) in chunks.enumerated() {
                        elements.append(try decodeMessage(chunk, type: nestedType, path: "\(path).\(field.name)[\(index)]", depth: depth + 1))
                    }
                    members.append(JSON.Member(field.name, .array(elements)))
                } else if !chunks.isEmpty {
                    let merged = ArraySlice(chunks.flatMap { $0 })
                    members.append(JSON.Member(field.name, try decodeMessage(merged, type: nestedType, path: path + "." + field.name, depth: depth + 1)))
                }
                continue
            }
            if let values = scalars[number] {
                members.append(JSON.Member(field.name, field.label == .repeated ? .array(values) : values.last ?? .null))
            } else if field.label == .repeated {
                members.append(JSON.Member(field.name, .array([])))
            } else if !field.hasPresence {
                members.append(JSON.Member(field.name, defaultJSON(field.type)))
            }
        }
        return .object(members)
    }

    private func readScalar(_ reader: inout ProtoReader, field: ProtoFieldSchema, wireType: WireType, path: String) throws(ProtoJSONError) -> JSON {
        guard wireType == field.type.wireType else {
            throw ProtoJSONError(path: path, problem: "wire type \(wireType) where \(field.type.wireType) was expected")
        }
        do {
            switch field.type {
            case .enumeration(let name):
                let number = Int32(truncatingIfNeeded: Int64(bitPattern: try reader.readVarint()))
                if let value = schema.enums[name]?.values.first(where: { $0.number == number }) { return .string(value.name) }
                return .integer(number)
            case .scalar(let scalar):
                switch scalar {
                case .bool: return .bool(try reader.readVarint() != 0)
                case .int32: return .integer(Int32(truncatingIfNeeded: Int64(bitPattern: try reader.readVarint())))
                case .int64: return .integer(Int64(bitPattern: try reader.readVarint()))
                case .uint32: return .integer(UInt32(truncatingIfNeeded: try reader.readVarint()))
                case .uint64: return .integer(try reader.readVarint())
                case .sint32: return .integer(ProtoReader.unzigzag32(UInt32(truncatingIfNeeded: try reader.readVarint())))
                case .sint64: return .integer(ProtoReader.unzigzag64(try reader.readVarint()))
                case .fixed32: return .integer(try reader.readFixed32Raw())
                case .sfixed32: return .integer(Int32(bitPattern: try reader.readFixed32Raw()))
                case .fixed64: return .integer(try reader.readFixed64Raw())
                case .sfixed64: return .integer(Int64(bitPattern: try reader.readFixed64Raw()))
                case .double: return floatingJSON(Double(bitPattern: try reader.readFixed64Raw()))
                case .float: return floatingJSON(Double(Float(bitPattern: try reader.readFixed32Raw())))
                case .string:
                    let bytes = try reader.readLengthDelimited()
                    guard let text = String(validating: bytes, as: UTF8.self) else {
                        throw ProtoJSONError(path: path, problem: "string is not valid UTF-8")
                    }
                    return .string(text)
                case .bytes: return .string(Base64Text.encode(Array(try reader.readLengthDelimited())))
                }
            case .message:
                throw ProtoJSONError(path: path, problem: "internal: message read as a scalar")
            }
        } catch let error as ProtoJSONError {
            throw error
        } catch {
            throw ProtoJSONError(path: path, problem: "\(error)")
        }
    }

    private func floatingJSON(_ value: Double) -> JSON {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value > 0 ? "Infinity" : "-Infinity") }
        return .double(value)
    }

    private func defaultJSON(_ type: ProtoFieldType) -> JSON {
        switch type {
        case .scalar(.bool): return .bool(false)
        case .scalar(.string), .scalar(.bytes): return .string("")
        case .scalar: return .number("0")
        case .enumeration(let name): return schema.enums[name]?.values.first { $0.number == 0 }.map { .string($0.name) } ?? .number("0")
        case .message: return .null
        }
    }
}

/// Standard base64 (RFC 4648 §4) for `bytes` fields; decoding also accepts the URL-safe alphabet and
/// missing padding, as protobuf's JSON parsers do.
enum Base64Text {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): values.append(62)
            case UInt8(ascii: "/"), UInt8(ascii: "_"): values.append(63)
            case UInt8(ascii: "="): continue
            default: return nil
            }
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var accumulator: UInt32 = 0
            for (offset, value) in chunk.enumerated() { accumulator |= UInt32(value) << (18 - 6 * UInt32(offset)) }
            for position in 0..<(chunk.count - 1) { out.append(UInt8((accumulator >> (16 - 8 * UInt32(position))) & 0xFF)) }
            index += 4
        }
        return out
    }
}
