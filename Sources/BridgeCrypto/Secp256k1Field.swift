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
    /// (p + 1) / 4, the square-root exponent (the addition chain below computes the same power).
    static let sqrtExponent = UInt256(
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
        // a + b < 2p: subtract p (= add 2²⁵⁶ − p and drop the carry) when the sum wrapped or reached p.
        let (sum, carry) = UInt256.adding(a.value, b.value)
        let (reduced, reachedP) = UInt256.adding(sum, UInt256(l0: foldConstant, l1: 0, l2: 0, l3: 0))
        // The two carries never both occur (a wrapped sum is below p − 0x1000003D1), so != is a branch-free "or".
        return FieldElement(unchecked: UInt256.select(carry != reachedP, reduced, sum))
    }

    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        // On borrow, add p back (= subtract 2²⁵⁶ − p, modulo 2²⁵⁶).
        let (difference, borrow) = UInt256.subtracting(a.value, b.value)
        let corrected = UInt256.subtracting(difference, UInt256(l0: foldConstant, l1: 0, l2: 0, l3: 0)).0
        return FieldElement(unchecked: UInt256.select(borrow, corrected, difference))
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

    /// self², with each cross product computed once and doubled (10 word multiplications instead of 16).
    var squared: FieldElement {
        let a = value
        var c: UInt64
        var t1, t2, t3, t4, t5, t6: UInt64
        (t1, c) = mulAdd(a.l0, a.l1, 0, 0)
        (t2, c) = mulAdd(a.l0, a.l2, 0, c)
        (t3, c) = mulAdd(a.l0, a.l3, 0, c)
        t4 = c
        (t3, c) = mulAdd(a.l1, a.l2, t3, 0)
        (t4, c) = mulAdd(a.l1, a.l3, t4, c)
        t5 = c
        (t5, c) = mulAdd(a.l2, a.l3, t5, 0)
        t6 = c
        let t7 = t6 >> 63
        t6 = t6 << 1 | t5 >> 63
        t5 = t5 << 1 | t4 >> 63
        t4 = t4 << 1 | t3 >> 63
        t3 = t3 << 1 | t2 >> 63
        t2 = t2 << 1 | t1 >> 63
        t1 = t1 << 1
        let (h0, r0) = a.l0.multipliedFullWidth(by: a.l0)
        let (h1, d1) = a.l1.multipliedFullWidth(by: a.l1)
        let (h2, d2) = a.l2.multipliedFullWidth(by: a.l2)
        let (h3, d3) = a.l3.multipliedFullWidth(by: a.l3)
        var r1, r2, r3, r4, r5, r6, r7: UInt64
        (r1, c) = addCarrying(t1, h0, 0)
        (r2, c) = addCarrying(t2, d1, c)
        (r3, c) = addCarrying(t3, h1, c)
        (r4, c) = addCarrying(t4, d2, c)
        (r5, c) = addCarrying(t5, h2, c)
        (r6, c) = addCarrying(t6, d3, c)
        r7 = t7 &+ h3 &+ c
        return Self.reduce(low: UInt256(l0: r0, l1: r1, l2: r2, l3: r3), high: UInt256(l0: r4, l1: r5, l2: r6, l3: r7))
    }

    /// Multiplicative inverse (Fermat: self^(p−2)); `nil` for zero.
    var inverse: FieldElement? {
        guard !isZero else { return nil }
        // p − 2 = [223 ones] 0 [22 ones] 0000101101
        let (x2, x22, x223) = chainPowers()
        var t = x223.squared(times: 23) * x22
        t = t.squared(times: 5) * self
        t = t.squared(times: 3) * x2
        return t.squared(times: 2) * self
    }

    /// A square root, or `nil` when the element is not a quadratic residue.
    var squareRoot: FieldElement? {
        // p ≡ 3 (mod 4), so a root is self^((p+1)/4); (p+1)/4 = [223 ones] 0 [22 ones] 00001100.
        let (x2, x22, x223) = chainPowers()
        var t = x223.squared(times: 23) * x22
        t = t.squared(times: 6) * x2
        let candidate = t.squared(times: 2)
        return candidate.squared == self ? candidate : nil
    }

    /// `self` squared `count` times (self^(2^count)).
    @inline(__always) func squared(times count: Int) -> FieldElement {
        var result = self
        for _ in 0..<count { result = result.squared }
        return result
    }

    /// (x2, x22, x223) where x_k = self^(2^k − 1), by the addition chain libsecp256k1 uses.
    private func chainPowers() -> (FieldElement, FieldElement, FieldElement) {
        let x2 = squared * self
        let x3 = x2.squared * self
        let x6 = x3.squared(times: 3) * x3
        let x9 = x6.squared(times: 3) * x3
        let x11 = x9.squared(times: 2) * x2
        let x22 = x11.squared(times: 11) * x11
        let x44 = x22.squared(times: 22) * x22
        let x88 = x44.squared(times: 44) * x44
        let x176 = x88.squared(times: 88) * x88
        let x220 = x176.squared(times: 44) * x44
        return (x2, x22, x220.squared(times: 3) * x3)
    }

    /// `self^exponent` by left-to-right square and multiply (reference for the chains above, used by tests).
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

/// `a + b + carry` (carry 0 or 1) as (sum, carry out).
@inline(__always) func addCarrying(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (s1, o1) = a.addingReportingOverflow(b)
    let (s2, o2) = s1.addingReportingOverflow(carry)
    return (s2, UInt64(o1 ? 1 : 0) | UInt64(o2 ? 1 : 0))
}

/// `a·b + acc + carry` as (low, high); cannot overflow 128 bits.
@inline(__always) func mulAdd(_ a: UInt64, _ b: UInt64, _ acc: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (high, low) = a.multipliedFullWidth(by: b)
    let (s1, o1) = low.addingReportingOverflow(acc)
    let (s2, o2) = s1.addingReportingOverflow(carry)
    return (s2, high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0))
}
