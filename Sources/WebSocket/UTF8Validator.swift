/// Incremental UTF-8 validation (Unicode Table 3-7), so text split across fragments or reads is
/// checked as it arrives and an invalid message fails before it is complete.
struct UTF8Validator: Sendable {
    private var needed: UInt8 = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// True when no multi-byte sequence is open.
    var isComplete: Bool { needed == 0 }

    /// Feeds bytes; returns false at the first byte that cannot continue valid UTF-8.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where !feed(byte) { return false }
        return true
    }

    /// Feeds one byte; returns false when it cannot continue valid UTF-8.
    @inline(__always) mutating func feed(_ byte: UInt8) -> Bool {
        if needed == 0 {
            switch byte {
            case 0x00...0x7F: return true
            case 0xC2...0xDF: needed = 1
            case 0xE0: needed = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: needed = 2
            case 0xED: needed = 2; upper = 0x9F
            case 0xF0: needed = 3; lower = 0x90
            case 0xF1...0xF3: needed = 3
            case 0xF4: needed = 3; upper = 0x8F
            default: return false
            }
            return true
        }
        guard byte >= lower && byte <= upper else { return false }
        lower = 0x80
        upper = 0xBF
        needed -= 1
        return true
    }

    /// Whether `bytes` as a whole is valid UTF-8.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var validator = UTF8Validator()
        return bytes.withUnsafeBytes { validator.feed($0) } && validator.isComplete
    }
}
