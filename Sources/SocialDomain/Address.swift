/// A wallet address, `0x` plus 40 hex digits, always held in lowercase.
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The lowercase `0x…` form.
    public let rawValue: String

    /// Why a string is not an address.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case wrongLength(Int)
        case missingPrefix
        case notHex(Character)

        public var description: String {
            switch self {
            case .wrongLength(let n): return "an address has 42 characters, got \(n)"
            case .missingPrefix: return "an address starts with 0x"
            case .notHex(let c): return "an address holds hex digits only, got \"\(c)\""
            }
        }
    }

    /// Validates `^0x[0-9a-fA-F]{40}$` and lowercases.
    /// - Throws: `ParseError` when the text is not an address.
    public init(validating text: some StringProtocol) throws(ParseError) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 42 else { throw .wrongLength(text.count) }
        guard utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") else { throw .missingPrefix }
        var lowered: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        lowered.reserveCapacity(42)
        for byte in utf8[2...] {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): lowered.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): lowered.append(byte + 32)
            default: throw .notHex(Character(UnicodeScalar(byte)))
            }
        }
        rawValue = String(decoding: lowered, as: UTF8.self)
    }

    /// The address, or `nil` when `text` is not one.
    public init?(_ text: some StringProtocol) {
        guard let parsed = try? Address(validating: text) else { return nil }
        self = parsed
    }

    public var description: String { rawValue }
    public static func < (lhs: Address, rhs: Address) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Address(validating: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An unordered pair of distinct addresses, kept as (lo, hi) in ascending byte order.
public struct AddressPair: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let lo: Address
    public let hi: Address

    /// `nil` when both are the same address (a pair is never with oneself).
    public init?(_ a: Address, _ b: Address) {
        guard a != b else { return nil }
        (lo, hi) = a < b ? (a, b) : (b, a)
    }

    /// The member that is not `member` (`nil` if `member` is not in the pair).
    public func other(than member: Address) -> Address? {
        if member == lo { return hi }
        if member == hi { return lo }
        return nil
    }

    public func contains(_ member: Address) -> Bool { member == lo || member == hi }
    public var description: String { "\(lo.rawValue)+\(hi.rawValue)" }
    public static func < (l: AddressPair, r: AddressPair) -> Bool { (l.lo, l.hi) < (r.lo, r.hi) }
}
