/// Scalar multiplication with 4-bit windows: a precomputed table for G (additions only) and a per-call
/// table of 1P…15P for an arbitrary point.
enum PointMultiplication {
    /// `table[16 * window + digit]` = digit · 16^window · G for window 0…63, digit 1…15 (index digit 0 unused).
    /// Built once, on first use (~60 KiB).
    static let generatorTable: [AffinePoint] = {
        var jacobian: [JacobianPoint] = []
        jacobian.reserveCapacity(64 * 16)
        var base = JacobianPoint(AffinePoint.generator)
        for _ in 0..<64 {
            jacobian.append(JacobianPoint(AffinePoint.generator)) // placeholder for digit 0, never read
            var multiple = base
            for digit in 1...15 {
                if digit > 1 { multiple = multiple.adding(base) }
                jacobian.append(multiple)
            }
            for _ in 0..<4 { base = base.doubled() }
        }
        return toAffine(jacobian)
    }()

    /// Converts many points at once with a single field inversion (Montgomery's trick).
    /// Multiples of G below n are never infinity, so every Z is invertible.
    static func toAffine(_ points: [JacobianPoint]) -> [AffinePoint] {
        var prefix: [FieldElement] = []
        prefix.reserveCapacity(points.count)
        var running = FieldElement.one
        for point in points {
            running = running * point.z
            prefix.append(running)
        }
        var inverse = running.inverse ?? .zero
        var result = [AffinePoint](repeating: .generator, count: points.count)
        for index in stride(from: points.count - 1, through: 0, by: -1) {
            // inverse = (z₀…z_index)⁻¹, so z_index⁻¹ = inverse · (z₀…z_{index−1}).
            let zInverse = index > 0 ? inverse * prefix[index - 1] : inverse
            inverse = inverse * points[index].z
            let zInverse2 = zInverse.squared
            result[index] = AffinePoint(x: points[index].x * zInverse2, y: points[index].y * zInverse2 * zInverse)
        }
        return result
    }

    /// k · G.
    static func generatorTimes(_ k: Scalar) -> JacobianPoint {
        var accumulator = JacobianPoint.infinity
        let table = generatorTable
        for window in 0..<64 {
            let digit = k.value.nibble(window)
            if digit != 0 { accumulator = accumulator.adding(table[16 * window + digit]) }
        }
        return accumulator
    }

    /// k · P.
    static func multiply(_ point: AffinePoint, by k: Scalar) -> JacobianPoint {
        var multiples = [JacobianPoint](repeating: .infinity, count: 16)
        multiples[1] = JacobianPoint(point)
        for digit in 2...15 { multiples[digit] = multiples[digit - 1].adding(point) }
        var accumulator = JacobianPoint.infinity
        for window in stride(from: 63, through: 0, by: -1) {
            if !accumulator.isInfinity {
                for _ in 0..<4 { accumulator = accumulator.doubled() }
            }
            let digit = k.value.nibble(window)
            if digit != 0 { accumulator = accumulator.adding(multiples[digit]) }
        }
        return accumulator
    }
}
