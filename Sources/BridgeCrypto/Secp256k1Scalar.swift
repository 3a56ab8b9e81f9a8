/// An integer modulo the secp256k1 group order n, always fully reduced.
///
/// Recovery needs only a handful of scalar operations (one inverse, two products), so multiplication is a
/// plain double-and-add over the bits rather than a specialised reduction.
struct Scalar: Sendable, Equatable {
    var value: UInt256

    static let n = UInt256(
        l0: 0xBFD2_5E8C_D036_4141, l1: 0xBAAE_DCE6_AF48_A03B, l2: 0xFFFF_FFFF_FFFF_FFFE, l3: 0xFFFF_FFFF_FFFF_FFFF)

    static let zero = Scalar(unchecked: .zero)

    init(unchecked value: UInt256) { self.value = value }

    /// `nil` when `value ≥ n`.
    init?(_ value: UInt256) {
        guard value < Self.n else { return nil }
        self.value = value
    }

    /// `value mod n`; a 256-bit value is below 2n, so one subtraction suffices.
    init(reducing value: UInt256) {
        self.value = value >= Self.n ? UInt256.subtracting(value, Self.n).0 : value
    }

    var isZero: Bool { value.isZero }

    static func + (a: Scalar, b: Scalar) -> Scalar { Scalar(unchecked: UInt256.addMod(a.value, b.value, n)) }
    static func - (a: Scalar, b: Scalar) -> Scalar { Scalar(unchecked: UInt256.subMod(a.value, b.value, n)) }
    static prefix func - (a: Scalar) -> Scalar { zero - a }

    static func * (a: Scalar, b: Scalar) -> Scalar {
        var accumulator = UInt256.zero
        for index in stride(from: 255, through: 0, by: -1) {
            accumulator = UInt256.addMod(accumulator, accumulator, n)
            if b.value.bit(index) { accumulator = UInt256.addMod(accumulator, a.value, n) }
        }
        return Scalar(unchecked: accumulator)
    }

    /// Multiplicative inverse; `nil` for zero.
    var inverse: Scalar? {
        UInt256.inverseMod(value, Self.n).map { Scalar(unchecked: $0) }
    }
}
