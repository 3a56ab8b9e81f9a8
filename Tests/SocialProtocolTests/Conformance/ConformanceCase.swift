import Protobuf
@testable import SocialProtocol

/// A message value, its proto type name and the JSON Google's runtime should see for it.
struct ConformanceCase: Sendable, CustomStringConvertible {
    /// Full proto name, e.g. `decentraland.social_service.v2.User`.
    let type: String
    /// The bytes SocialBridge writes for the value.
    let swiftBytes: [UInt8]
    /// Expected MessageToDict JSON (preserving proto field names).
    let json: String
    /// Whether bytes decode in Swift to exactly the value.
    let decodesToValue: @Sendable ([UInt8]) throws -> Bool
    let label: String

    var description: String { label }

    static func make<M: ProtoMessage>(_ type: String, _ value: M, _ json: String, _ label: String = "") -> ConformanceCase {
        ConformanceCase(
            type: type, swiftBytes: value.serializedBytes(), json: json,
            decodesToValue: { bytes in try M(serializedBytes: bytes) == value },
            label: "\(type.split(separator: ".").last ?? "") \(label)")
    }
}

/// Bytes Python writes for a superset message with unknown fields, and the value Swift must decode them to.
struct UnknownFieldsCase: Sendable, CustomStringConvertible {
    let pythonType: String
    let json: String
    let decodesToExpected: @Sendable ([UInt8]) throws -> Bool
    var description: String { pythonType }

    static func make<M: ProtoMessage>(_ pythonType: String, _ json: String, expect value: M) -> UnknownFieldsCase {
        UnknownFieldsCase(pythonType: pythonType, json: json, decodesToExpected: { bytes in try M(serializedBytes: bytes) == value })
    }
}
