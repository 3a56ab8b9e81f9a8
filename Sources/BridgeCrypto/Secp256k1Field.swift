/// An element of the secp256k1 base field, integers modulo p = 2²⁵⁶ − 2³² − 977, always fully reduced.
///
/// Multiplication uses the special form of p: 2²⁵⁶ ≡ 2³² + 977 = 0x1000003D1 (mod p), so the high half of
/// a 512-bit product folds back with one small multiplication instead of a division.
struct FieldElement: Sendable, Equatable {
    var value: UInt256

    static let p = UInt256(
        l0: 0xFFFF_FFFE_FFFF_FC2F, l1: 0xFFFF_FFFF_FFFF_FFFF, l2: 0xFFFF_FFFF_FFFF_FFFF, l3: 0xFFFF_FFFF_FFFF_FFFF)
    /// 2²⁵⁶ mod p.
    private static let foldConstant: UInt64 = 0x1_0000_03D1
    /// (p + 1) / 4: p ≡ 3 (mod 4), so a square root is a power.
    private static let sqrtExponent = UInt256(
        l0: 0xFFFF_FFFF_BFFF_FF0C, l1: 0xFFFF_FFFF_FFFF_FFFF, l2: 0xFFFF_FFFF_FFFF_FFFF, l3: 0x3FFF_FFFF_FFFF_FFFF)

    static let zero = FieldElement(unchecked: .zero)
    static let one = FieldElement(unchecked: .one)

    /// Wraps a value already known to be below p.
    init(unchecked value: UInt256) { self.value = value }

    /// `nil` when `value ≥ p`.
    init?(_ value: UInt256) {
        guard value < Self.p else { return nil }
        self.value = value
    }

    var isZero: Bool { value.isZero }
    var isOdd: Bool { value.isOdd }

    static func + (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(unchecked: UInt256.addMod(a.value, b.value, p))
    }

    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(unchecked: UInt256.subMod(a.value, b.value, p))
    }

    static prefix func - (a: FieldElement) -> FieldElement { zero - a }

    static func * (a: FieldElement, b: FieldElement) -> FieldElement {
        let x = a.value, y = b.value
        // Schoolbook 4×4 limbs into r0…r7.
        var c: UInt64
        var r0, r1, r2, r3, r4, r5, r6, r7: UInt64
        (r0, c) = mulAdd(x.l0, y.l0, 0, 0)
        (r1, c) = mulAdd(x.l0, y.l1, 0, c)
        (r2, c) = mulAdd(x.l0, y.l2, 0, c)
        (r3, c) = mulAdd(x.l0, y.l3, 0, c)
        r4 = c
        (r1, c) = mulAdd(x.l1, y.l0, r1, 0)
        (r2, c) = mulAdd(x.l1, y.l1, r2, c)
        (r3, c) = mulAdd(x.l1, y.l2, r3, c)
        (r4, c) = mulAdd(x.l1, y.l3, r4, c)
        r5 = c
        (r2, c) = mulAdd(x.l2, y.l0, r2, 0)
        (r3, c) = mulAdd(x.l2, y.l1, r3, c)
        (r4, c) = mulAdd(x.l2, y.l2, r4, c)
        (r5, c) = mulAdd(x.l2, y.l3, r5, c)
        r6 = c
        (r3, c) = mulAdd(x.l3, y.l0, r3, 0)
        (r4, c) = mulAdd(x.l3, y.l1, r4, c)
        (r5, c) = mulAdd(x.l3, y.l2, r5, c)
        (r6, c) = mulAdd(x.l3, y.l3, r6, c)
        r7 = c
        return reduce(low: UInt256(l0: r0, l1: r1, l2: r2, l3: r3), high: UInt256(l0: r4, l1: r5, l2: r6, l3: r7))
    }

    var squared: FieldElement { self * self }

    /// Multiplicative inverse; `nil` for zero.
    var inverse: FieldElement? {
        UInt256.inverseMod(value, Self.p).map { FieldElement(unchecked: $0) }
    }

    /// A square root, or `nil` when the element is not a quadratic residue.
    var squareRoot: FieldElement? {
        let candidate = power(Self.sqrtExponent)
        return candidate.squared == self ? candidate : nil
    }

    /// `self^exponent` by left-to-right square and multiply.
    func power(_ exponent: UInt256) -> FieldElement {
        var result = FieldElement.one
        for index in stride(from: 255, through: 0, by: -1) {
            result = result.squared
            if exponent.bit(index) { result = result * self }
        }
        return result
    }

    /// low + high·2²⁵⁶ mod p, folding high·0x1000003D1 into low twice.
    @inline(__always) private static func reduce(low: UInt256, high: UInt256) -> FieldElement {
        var c: UInt64
        var t0, t1, t2, t3: UInt64
        (t0, c) = mulAdd(high.l0, foldConstant, low.l0, 0)
        (t1, c) = mulAdd(high.l1, foldConstant, low.l1, c)
        (t2, c) = mulAdd(high.l2, foldConstant, low.l2, c)
        (t3, c) = mulAdd(high.l3, foldConstant, low.l3, c)
        // c < 2³⁴ now; fold it once more.
        let (extraHigh, extraLow) = c.multipliedFullWidth(by: foldConstant)
        var sum = UInt256(l0: t0, l1: t1, l2: t2, l3: t3)
        var carry: Bool
        (sum, carry) = UInt256.adding(sum, UInt256(l0: extraLow, l1: extraHigh, l2: 0, l3: 0))
        if carry {
            // The wrap past 2²⁵⁶ is worth another 0x1000003D1; the sum is then tiny, so no further carry.
            sum = UInt256.adding(sum, UInt256(l0: foldConstant, l1: 0, l2: 0, l3: 0)).0
        }
        if sum >= p { sum = UInt256.subtracting(sum, p).0 }
        return FieldElement(unchecked: sum)
    }
}

/// `a·b + acc + carry` as (low, high); cannot overflow 128 bits.
@inline(__always) func mulAdd(_ a: UInt64, _ b: UInt64, _ acc: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (high, low) = a.multipliedFullWidth(by: b)
    let (s1, o1) = low.addingReportingOverflow(acc)
    let (s2, o2) = s1.addingReportingOverflow(carry)
    return (s2, high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0))
}
