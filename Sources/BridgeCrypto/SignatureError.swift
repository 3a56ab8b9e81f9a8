/// Why an Ethereum ECDSA signature could not yield a signer. Descriptions hold no signature bytes.
public enum SignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The signature text is not hexadecimal.
    case notHex
    /// The signature is not 65 bytes (r ‖ s ‖ v); carries the byte count found.
    case wrongLength(Int)
    /// `v` is not 0, 1, 27 or 28.
    case invalidRecoveryValue(UInt8)
    /// `r` is zero or not below the group order n.
    case rOutOfRange
    /// `s` is zero or not below the group order n.
    case sOutOfRange
    /// No curve point has abscissa `r` (x³ + 7 is not a square).
    case rNotOnCurve
    /// The recovered key is the point at infinity.
    case recoveredInfinity
    /// The message hash is not 32 bytes.
    case invalidHashLength(Int)
    /// A private key is not 32 bytes (64 hex digits) holding a number in 1…n−1.
    case invalidPrivateKey

    /// A loggable explanation (no signature bytes).
    public var description: String {
        switch self {
        case .notHex: return "signature is not hex"
        case .wrongLength(let count): return "signature has \(count) bytes, expected 65"
        case .invalidRecoveryValue(let v): return "signature v is \(v), expected 0, 1, 27 or 28"
        case .rOutOfRange: return "signature r is zero or not below the curve order"
        case .sOutOfRange: return "signature s is zero or not below the curve order"
        case .rNotOnCurve: return "signature r is not the x of a curve point"
        case .recoveredInfinity: return "signature recovers the point at infinity"
        case .invalidHashLength(let count): return "message hash has \(count) bytes, expected 32"
        case .invalidPrivateKey: return "private key is not 64 hex digits holding a number in 1…n−1"
        }
    }
}
