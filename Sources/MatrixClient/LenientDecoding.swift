/// Decoding helpers for fields whose JSON type changed across Synapse versions or storage engines
/// (booleans stored as 0/1 in SQLite, pagination tokens as numbers or strings).
extension KeyedDecodingContainer {
    /// A boolean given as `true`/`false` or as a number (non-zero = true); nil when absent or null.
    func decodeLenientBool(forKey key: Key) -> Bool? {
        guard let value = try? decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .integer(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let text): return text == "true" || text == "1"
        default: return nil
        }
    }

    /// A token given as a string or a number, as its string form; nil when absent or null.
    func decodeLenientToken(forKey key: Key) -> String? {
        guard let value = try? decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .double(let number) where number.rounded() == number && abs(number) < 9.2e18: return String(Int64(number))
        default: return nil
        }
    }

    /// An integer given as a number or a numeric string; nil otherwise.
    func decodeLenientInt(forKey key: Key) -> Int? {
        decodeLenientToken(forKey: key).flatMap { Int($0) }
    }
}
