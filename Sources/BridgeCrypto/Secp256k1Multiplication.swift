/// Scalar multiplication with 4-bit windows: a precomputed table for G (additions only) and a per-call
/// table of 1P…15P for an arbitrary point.
enum PointMultiplication {
    /// `table[16 * window + digit]` = digit · 16^window · G for window 0…63, digit 1…15 (index digit 0 unused).
    /// Built once, on first use (~60 KiB).
    static let generatorTable: [AffinePoint] = {
        var table: [AffinePoint] = []
        table.reserveCapacity(64 * 16)
        var base = JacobianPoint(AffinePoint.generator)
        for _ in 0..<64 {
            table.append(AffinePoint.generator) // placeholder for digit 0, never read
            var multiple = base
            for digit in 1...15 {
                if digit > 1 { multiple = multiple.adding(base) }
                // Multiples of G below n are never infinity, so `affine` always succeeds.
                table.append(multiple.affine ?? AffinePoint.generator)
            }
            for _ in 0..<4 { base = base.doubled() }
        }
        return table
    }()

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
