/// A 256-bit unsigned integer as four little-endian 64-bit limbs: the raw material of the secp256k1
/// field and scalar types. Stored inline (no heap) so arithmetic stays allocation-free.
struct UInt256: Sendable, Equatable, Hashable {
    var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    static let zero = UInt256(l0: 0, l1: 0, l2: 0, l3: 0)
    static let one = UInt256(l0: 1, l1: 0, l2: 0, l3: 0)

    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64) {
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3
    }

    /// Big-endian bytes; `nil` unless exactly 32 of them.
    init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() {
            let limb = 3 - index / 8
            limbs[limb] = limbs[limb] << 8 | UInt64(byte)
        }
        self.init(l0: limbs[0], l1: limbs[1], l2: limbs[2], l3: limbs[3])
    }

    /// 32 big-endian bytes.
    var bigEndianBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for limb in [l3, l2, l1, l0] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return out
    }

    var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }
    var isOdd: Bool { l0 & 1 == 1 }

    /// Bit `index` (0 = least significant).
    @inline(__always) func bit(_ index: Int) -> Bool {
        let limb: UInt64
        switch index >> 6 {
        case 0: limb = l0
        case 1: limb = l1
        case 2: limb = l2
        default: limb = l3
        }
        return (limb >> UInt64(index & 63)) & 1 == 1
    }

    /// The 4-bit window starting at bit `4 * index` (index 0…63).
    @inline(__always) func nibble(_ index: Int) -> Int {
        let limb: UInt64
        switch index >> 4 {
        case 0: limb = l0
        case 1: limb = l1
        case 2: limb = l2
        default: limb = l3
        }
        return Int((limb >> UInt64((index & 15) * 4)) & 0xF)
    }

    static func < (a: UInt256, b: UInt256) -> Bool {
        if a.l3 != b.l3 { return a.l3 < b.l3 }
        if a.l2 != b.l2 { return a.l2 < b.l2 }
        if a.l1 != b.l1 { return a.l1 < b.l1 }
        return a.l0 < b.l0
    }

    static func >= (a: UInt256, b: UInt256) -> Bool { !(a < b) }

    /// `a + b` modulo 2^256 and the carry out. Carries travel as 0/1 integers, not branches: on random
    /// field elements a branch per limb would be mispredicted half of the time.
    @inline(__always) static func adding(_ a: UInt256, _ b: UInt256) -> (UInt256, Bool) {
        let (s0, c0) = addWithCarry(a.l0, b.l0, 0)
        let (s1, c1) = addWithCarry(a.l1, b.l1, c0)
        let (s2, c2) = addWithCarry(a.l2, b.l2, c1)
        let (s3, c3) = addWithCarry(a.l3, b.l3, c2)
        return (UInt256(l0: s0, l1: s1, l2: s2, l3: s3), c3 != 0)
    }

    /// `a - b` modulo 2^256 and the borrow out.
    @inline(__always) static func subtracting(_ a: UInt256, _ b: UInt256) -> (UInt256, Bool) {
        let (d0, b0) = subWithBorrow(a.l0, b.l0, 0)
        let (d1, b1) = subWithBorrow(a.l1, b.l1, b0)
        let (d2, b2) = subWithBorrow(a.l2, b.l2, b1)
        let (d3, b3) = subWithBorrow(a.l3, b.l3, b2)
        return (UInt256(l0: d0, l1: d1, l2: d2, l3: d3), b3 != 0)
    }

    /// `flag ? a : b` without a branch.
    @inline(__always) static func select(_ flag: Bool, _ a: UInt256, _ b: UInt256) -> UInt256 {
        let mask = 0 &- UInt64(flag ? 1 : 0)
        return UInt256(
            l0: (a.l0 & mask) | (b.l0 & ~mask), l1: (a.l1 & mask) | (b.l1 & ~mask),
            l2: (a.l2 & mask) | (b.l2 & ~mask), l3: (a.l3 & mask) | (b.l3 & ~mask))
    }

    /// Shifts right by one, shifting `topBit` in at bit 255.
    @inline(__always) func shiftedRightOne(topBit: Bool = false) -> UInt256 {
        UInt256(
            l0: l0 >> 1 | l1 << 63, l1: l1 >> 1 | l2 << 63, l2: l2 >> 1 | l3 << 63,
            l3: l3 >> 1 | (topBit ? 1 << 63 : 0))
    }

    @inline(__always) private static func addWithCarry(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (s, o1) = a.addingReportingOverflow(b)
        let (t, o2) = s.addingReportingOverflow(carry)
        // At most one of the two additions overflows.
        return (t, UInt64(o1 ? 1 : 0) | UInt64(o2 ? 1 : 0))
    }

    @inline(__always) private static func subWithBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let (d, o1) = a.subtractingReportingOverflow(b)
        let (e, o2) = d.subtractingReportingOverflow(borrow)
        return (e, UInt64(o1 ? 1 : 0) | UInt64(o2 ? 1 : 0))
    }
}

extension UInt256 {
    /// `(a + b) mod m` for `a, b < m`.
    @inline(__always) static func addMod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        let (sum, carry) = adding(a, b)
        if carry || sum >= m { return subtracting(sum, m).0 }
        return sum
    }

    /// `(a - b) mod m` for `a, b < m`.
    @inline(__always) static func subMod(_ a: UInt256, _ b: UInt256, _ m: UInt256) -> UInt256 {
        let (difference, borrow) = subtracting(a, b)
        return borrow ? adding(difference, m).0 : difference
    }

    /// `a⁻¹ mod m` for an odd modulus `m` and `0 < a < m` coprime to it (binary extended Euclid);
    /// `nil` for `a == 0`. Variable time, which is fine: only public values are inverted here.
    static func inverseMod(_ a: UInt256, _ m: UInt256) -> UInt256? {
        guard !a.isZero else { return nil }
        var u = a, v = m
        var x1 = UInt256.one, x2 = UInt256.zero
        while u != .one && v != .one {
            while !u.isOdd {
                u = u.shiftedRightOne()
                x1 = halveMod(x1, m)
            }
            while !v.isOdd {
                v = v.shiftedRightOne()
                x2 = halveMod(x2, m)
            }
            if u >= v {
                u = subtracting(u, v).0
                x1 = subMod(x1, x2, m)
            } else {
                v = subtracting(v, u).0
                x2 = subMod(x2, x1, m)
            }
            // u or v reaching zero means a and m share a factor: no inverse.
            if u.isZero || v.isZero { return nil }
        }
        return u == .one ? x1 : x2
    }

    /// `x / 2 mod m` for odd `m`.
    @inline(__always) private static func halveMod(_ x: UInt256, _ m: UInt256) -> UInt256 {
        guard x.isOdd else { return x.shiftedRightOne() }
        let (sum, carry) = adding(x, m)
        return sum.shiftedRightOne(topBit: carry)
    }
}
