/// Why bytes are not a valid protobuf message. Never a crash, never an allocation sized by input.
public enum ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ends inside a field.
    case truncated
    /// A varint longer than 10 bytes, or one that overflows 64 bits.
    case malformedVarint
    /// A length prefix that runs past the end of the input (the declared length, clamped to `Int.max`).
    case lengthOutOfBounds(Int)
    /// A wire type number that does not exist (6, 7), or an end-group tag outside any group.
    case invalidWireType(UInt8)
    /// Field number 0 or above 2^29-1.
    case invalidFieldNumber(UInt64)
    /// A known field arrived with the wrong wire type.
    case wrongWireType(field: Int, got: WireType)
    /// A string field whose bytes are not UTF-8.
    case invalidUTF8(field: Int)
    /// Groups nested deeper than the reader allows.
    case nestingTooDeep
    /// A group closed by an end-group tag of another field number (`field` is the group's number).
    case unmatchedEndGroup(field: Int)

    public var description: String {
        switch self {
        case .truncated: return "truncated protobuf input"
        case .malformedVarint: return "malformed varint"
        case .lengthOutOfBounds(let n): return "length \(n) runs past the end of the input"
        case .invalidWireType(let t): return "invalid wire type \(t)"
        case .invalidFieldNumber(let n): return "invalid field number \(n)"
        case .wrongWireType(let f, let t): return "field \(f) has unexpected wire type \(t)"
        case .invalidUTF8(let f): return "field \(f) is not valid UTF-8"
        case .nestingTooDeep: return "groups nested too deep"
        case .unmatchedEndGroup(let f): return "group \(f) closed by another field's end-group tag"
        }
    }
}
