/// A point of secp256k1 (y² = x³ + 7) in affine coordinates; never the point at infinity.
struct AffinePoint: Sendable, Equatable {
    var x: FieldElement
    var y: FieldElement

    /// The generator G.
    static let generator = AffinePoint(
        x: FieldElement(unchecked: UInt256(
            l0: 0x59F2_815B_16F8_1798, l1: 0x029B_FCDB_2DCE_28D9, l2: 0x55A0_6295_CE87_0B07, l3: 0x79BE_667E_F9DC_BBAC)),
        y: FieldElement(unchecked: UInt256(
            l0: 0x9C47_D08F_FB10_D4B8, l1: 0xFD17_B448_A685_5419, l2: 0x5DA4_FBFC_0E11_08A8, l3: 0x483A_DA77_26A3_C465)))

    static let curveB = FieldElement(unchecked: UInt256(l0: 7, l1: 0, l2: 0, l3: 0))

    var isOnCurve: Bool { y.squared == x.squared * x + Self.curveB }

    /// The point with abscissa `x` and the y of the requested parity; `nil` when x³ + 7 has no square root.
    init?(x: FieldElement, oddY: Bool) {
        guard var y = (x.squared * x + Self.curveB).squareRoot else { return nil }
        if y.isOdd != oddY { y = -y }
        self.init(x: x, y: y)
    }

    init(x: FieldElement, y: FieldElement) {
        self.x = x
        self.y = y
    }

    /// x ‖ y, 64 big-endian bytes (the uncompressed encoding without its 0x04 prefix).
    var rawBytes: [UInt8] { x.value.bigEndianBytes + y.value.bigEndianBytes }
}

/// A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity.
struct JacobianPoint: Sendable {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement

    static let infinity = JacobianPoint(x: .one, y: .one, z: .zero)

    init(x: FieldElement, y: FieldElement, z: FieldElement) {
        self.x = x; self.y = y; self.z = z
    }

    init(_ point: AffinePoint) {
        self.init(x: point.x, y: point.y, z: .one)
    }

    var isInfinity: Bool { z.isZero }

    /// The affine form; `nil` for infinity.
    var affine: AffinePoint? {
        guard let zInverse = z.inverse else { return nil }
        let zInverse2 = zInverse.squared
        return AffinePoint(x: x * zInverse2, y: y * zInverse2 * zInverse)
    }

    /// 2P (dbl-2009-l, a = 0). secp256k1 has no point of order 2, so Y = 0 only happens at infinity.
    func doubled() -> JacobianPoint {
        if isInfinity || y.isZero { return .infinity }
        let a = x.squared, b = y.squared, c = b.squared
        let xb = x + b
        var d = xb.squared - a - c
        d = d + d
        let e = a + a + a
        let f = e.squared
        let x3 = f - d - d
        let c2 = c + c, c4 = c2 + c2
        let y3 = e * (d - x3) - (c4 + c4)
        let yz = y * z
        return JacobianPoint(x: x3, y: y3, z: yz + yz)
    }

    /// P + Q for two Jacobian points.
    func adding(_ other: JacobianPoint) -> JacobianPoint {
        if isInfinity { return other }
        if other.isInfinity { return self }
        let z1z1 = z.squared, z2z2 = other.z.squared
        let u1 = x * z2z2, u2 = other.x * z1z1
        let s1 = y * other.z * z2z2, s2 = other.y * z * z1z1
        return combine(u1: u1, s1: s1, u2: u2, s2: s2, zProduct: z * other.z)
    }

    /// P + Q for an affine Q (mixed addition: Z₂ = 1 saves four multiplications).
    func adding(_ other: AffinePoint) -> JacobianPoint {
        if isInfinity { return JacobianPoint(other) }
        let z1z1 = z.squared
        let u2 = other.x * z1z1, s2 = other.y * z * z1z1
        return combine(u1: x, s1: y, u2: u2, s2: s2, zProduct: z)
    }

    /// The shared tail of both additions (add-1998-cmo-2 formulas).
    private func combine(u1: FieldElement, s1: FieldElement, u2: FieldElement, s2: FieldElement, zProduct: FieldElement) -> JacobianPoint {
        let h = u2 - u1, r = s2 - s1
        if h.isZero {
            // Same x: either the same point (double it) or opposite points (sum is infinity).
            return r.isZero ? doubled() : .infinity
        }
        let hh = h.squared, hhh = h * hh
        let v = u1 * hh
        let x3 = r.squared - hhh - v - v
        let y3 = r * (v - x3) - s1 * hhh
        return JacobianPoint(x: x3, y: y3, z: zProduct * h)
    }
}
