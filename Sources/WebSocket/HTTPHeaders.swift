/// HTTP header fields in arrival order, with case-insensitive lookup.
public struct HTTPHeaders: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// One field: name as sent, value trimmed of surrounding whitespace.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// Headers from (name, value) pairs, order kept.
    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// Headers from `(name, value)` literals.
    public init(arrayLiteral elements: (String, String)...) { fields = elements.map { (name: $0.0, value: $0.1) } }

    /// Collection conformance: fields in arrival order.
    public var startIndex: Int { fields.startIndex }
    /// Collection conformance.
    public var endIndex: Int { fields.endIndex }
    /// The field at `position`.
    public subscript(position: Int) -> Element { fields[position] }

    /// The first value of the header `name` (case-insensitive), if present.
    public subscript(name: String) -> String? { first(name) }

    /// The first value of the header `name` (case-insensitive), if present.
    public func first(_ name: String) -> String? {
        fields.first { Self.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value of the header `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// The comma-separated tokens of every `name` header, trimmed and lowercased.
    public func tokens(_ name: String) -> [String] {
        values(name).flatMap { $0.split(separator: ",") }.map { Self.trim(Substring($0)).lowercased() }.filter { !$0.isEmpty }
    }

    /// Appends a field.
    public mutating func append(name: String, value: String) { fields.append((name: name, value: value)) }

    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && zip(lhs.utf8, rhs.utf8).allSatisfy { asciiLower($0) == asciiLower($1) }
    }

    static func asciiLower(_ byte: UInt8) -> UInt8 { (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte }

    static func trim(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
