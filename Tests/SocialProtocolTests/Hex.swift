/// "0a 02 68 69" → bytes; spaces are ignored. Test input only.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    var bytes: [UInt8] = []
    var i = 0
    while i + 1 < digits.count {
        bytes.append(UInt8(String(digits[i...i + 1]), radix: 16) ?? 0)
        i += 2
    }
    return bytes
}

/// Bytes → lowercase hex without separators.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
