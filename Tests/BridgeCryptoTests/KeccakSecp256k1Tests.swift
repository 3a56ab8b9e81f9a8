import Testing
@testable import BridgeCrypto

// Expected values computed with an independent implementation (eth-hash / eth-account 0.14 in Python) and
// pasted as literals.

@Suite struct Keccak256Tests {
    private func hex(_ bytes: [UInt8]) -> String { Hex.encode(Keccak256.hash(bytes)) }

    @Test func emptyString() {
        #expect(hex([]) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func abc() {
        #expect(hex(Array("abc".utf8)) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    }

    @Test func quickBrownFox() {
        #expect(Hex.encode(Keccak256.hash("The quick brown fox jumps over the lazy dog"))
            == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
    }

    @Test(arguments: [
        (135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446"),
        (136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e"),
        (137, "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39"),
        (272, "cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8"),
    ])
    func rateBoundaries(length: Int, expected: String) {
        #expect(hex([UInt8](repeating: UInt8(ascii: "a"), count: length)) == expected)
    }

    @Test func multiBlockAndIncrementalFeeding() {
        let input = (0..<4).flatMap { _ in (0..<256).map { UInt8($0) } }
        let expected = "5902e53903be0d0f9656bdbd5b9f0d8c2d815f865645d629eef77f5185f6cd7f"
        #expect(hex(input) == expected)
        // Same digest when fed in uneven pieces that straddle block boundaries.
        var hasher = Keccak256()
        var offset = 0
        for size in [1, 134, 2, 137, 500, 250] {
            hasher.update(input[offset..<offset + size])
            offset += size
        }
        #expect(offset == input.count)
        #expect(Hex.encode(hasher.finalize()) == expected)
        // And from a sequence without contiguous storage.
        #expect(Hex.encode(Keccak256.hash(input.lazy.map { $0 })) == expected)
    }
}

@Suite struct Secp256k1ArithmeticTests {
    private let p = FieldElement.p

    @Test func fieldInverseAndSquareRoot() throws {
        let seven = FieldElement(unchecked: UInt256(l0: 7, l1: 0, l2: 0, l3: 0))
        let inverse = try #require(seven.inverse)
        #expect(seven * inverse == .one)
        // p − 1 wraps correctly through multiplication: (−1)(−1) = 1.
        let minusOne = -FieldElement.one
        #expect(minusOne.value == UInt256.subtracting(p, .one).0)
        #expect(minusOne * minusOne == .one)
        let gx = AffinePoint.generator.x
        let root = try #require((gx * gx).squareRoot)
        #expect(root == gx || root == -gx)
        #expect(FieldElement.zero.inverse == nil)
        // x = 5: 5³ + 7 is not a square mod p.
        #expect(AffinePoint(x: FieldElement(unchecked: UInt256(l0: 5, l1: 0, l2: 0, l3: 0)), oddY: false) == nil)
    }

    @Test func scalarInverse() throws {
        let k = Scalar(unchecked: UInt256(l0: 0x1234_5678_9ABC_DEF0, l1: 0xFFFF_0000_FFFF_0000, l2: 42, l3: 0x7FFF_FFFF_FFFF_FFFF))
        let inverse = try #require(k.inverse)
        #expect((k * inverse).value == .one)
        #expect(Scalar.zero.inverse == nil)
    }

    @Test func generatorIsOnCurveAndTablesAgree() throws {
        #expect(AffinePoint.generator.isOnCurve)
        let k = Scalar(unchecked: UInt256(l0: 0xDEAD_BEEF_0BAD_F00D, l1: 0x0123_4567_89AB_CDEF, l2: 0xFEDC_BA98_7654_3210, l3: 0x0F0F_0F0F_0F0F_0F0F))
        let viaTable = try #require(PointMultiplication.generatorTimes(k).affine)
        let viaWindow = try #require(PointMultiplication.multiply(.generator, by: k).affine)
        #expect(viaTable == viaWindow)
        #expect(viaTable.isOnCurve)
        // (n − 1)·G = −G.
        let minusOne = Scalar(unchecked: UInt256.subtracting(Scalar.n, .one).0)
        let negG = try #require(PointMultiplication.generatorTimes(minusOne).affine)
        #expect(negG.x == AffinePoint.generator.x && negG.y == -AffinePoint.generator.y)
        // G + (−G) = infinity; G + G equals doubling.
        #expect(JacobianPoint(.generator).adding(negG).isInfinity)
        let doubled = try #require(JacobianPoint(.generator).doubled().affine)
        let added = try #require(JacobianPoint(.generator).adding(AffinePoint.generator).affine)
        #expect(doubled == added)
    }

    @Test func knownPrivateKeyToAddress() throws {
        // Private key 1 has public key G; its address is well known.
        #expect(Secp256k1.address(ofPublicKey: AffinePoint.generator.rawBytes) == "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf")
    }
}

@Suite struct PersonalSignRecoveryTests {
    /// Signatures by the published eth-account example key 0x4c0883a6…362318 (address 0x2c7536E3…5c23)
    /// and by key 0x1111…11 (address 0x19E7E376…Ff2A).
    static let vectors: [(message: String, signature: String, address: String)] = [
        ("hello", "0xa5d58782075bdf09490159d634d1aae66a8f6777c7247d2f233e9511cfd7c64c34f288cdbcea5370e4863fdbe9f4d86654c2ba1d86589e9ebb64494c649008591b", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"),
        ("Decentraland Login\nEphemeral address: 0x1234567890123456789012345678901234567890\nExpiration: 2026-09-01T10:00:00.000Z", "0xa586ee204f392e718b5af176deba54fbddbf94e2525083680e6fca53b0381f40336e41771ad140abf55d73117226f16c14e12dc759340ed088a17a70d4505a661c", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"),
        ("get:/:1755800000000:{}", "0x46949c4249eb9c4eaebeae4b476c2ad682e94235d46abb23198466dc5da59a35464be0b4619bf09104805ef44fbe5ad92f8be88484dca69030ee5ec75c45a6711c", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"),
        ("ünïcødé ✓", "0x09afb3d4566e2c3b32dee391b6cdafa6807b65d5b1829f33db0e050c1abc89344ccc7ca437c110a0c28e198d6f61f9594343b0d11ab0ea8d590f88b0b01198d61b", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"),
        ("", "0x8a68b4e66cd2b575338e16069d7b65f6f67c7ceae8945dccf8cb7bdb06278d933dd9c888f3444ca4698464079a067ad3cfffe96d493b8ecf56885169d0fdfe7d1b", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"),
        ("hello", "0x9208d5f86a1f5d9c1908dbb42969925675ceb388616fc5b186c248e4967a03e02e9d28a1adcb8cce60ebcef9756dee20522a2987afea3055f4edd8380d425f891b", "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a"),
        ("get:/:1755800000000:{}", "0xe98eebec14c0ae0462c9251c94ee1cbb018841d91324036288d117cb759a3e1249d700193c758ce04953ce2c21ac299d8c9c0965d0663fc25bab27dc4ed8110c1c", "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a"),
        ("ünïcødé ✓", "0x12a3e1c6af45fb7c50cf82539dadc58739796a4d80d6e7024b7bce8f6e9b624b3e687a371cccd619f78b84658fc6d3e8973362f76487b5f53909d59b600205cc1c", "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a"),
    ]

    @Test func recoversKnownSigners() throws {
        for vector in Self.vectors {
            #expect(try PersonalSign.recoverAddress(message: vector.message, signature: vector.signature) == vector.address)
        }
    }

    @Test func vAsZeroOrOneIsNormalised() throws {
        for vector in Self.vectors {
            var bytes = try #require(Hex.decode(vector.signature))
            bytes[64] -= 27
            #expect(try PersonalSign.recoverAddress(message: vector.message, signature: Hex.encode(bytes)) == vector.address)
        }
    }

    @Test func highSIsAcceptedAndRecoversTheSameSigner() throws {
        // (r, n − s, v ^ 1) of the first vector, as eth-account also accepts.
        let highS = "0xa5d58782075bdf09490159d634d1aae66a8f6777c7247d2f233e9511cfd7c64ccb0d77324315ac8f1b79c024160b279865ec22c928f0019d046e15406ba638e81c"
        #expect(try PersonalSign.recoverAddress(message: "hello", signature: highS) == "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23")
    }

    @Test func wrongMessageRecoversAnotherSigner() throws {
        let vector = Self.vectors[0]
        #expect(try PersonalSign.recoverAddress(message: "hellO", signature: vector.signature) != vector.address)
    }

    @Test func rejectsBadRecoveryValues() throws {
        var bytes = try #require(Hex.decode(Self.vectors[0].signature))
        for v: UInt8 in [2, 26, 29, 35, 255] {
            bytes[64] = v
            #expect(throws: SignatureError.invalidRecoveryValue(v)) { try EthereumSignature(bytes: bytes) }
        }
    }

    @Test func rejectsMalformedSignatures() {
        #expect(throws: SignatureError.notHex) { try PersonalSign.recoverAddress(message: "hello", signature: "0xzz") }
        #expect(throws: SignatureError.wrongLength(64)) {
            try PersonalSign.recoverAddress(message: "hello", signature: "0x" + String(repeating: "11", count: 64))
        }
        #expect(throws: SignatureError.wrongLength(0)) { try PersonalSign.recoverAddress(message: "hello", signature: "") }
    }

    @Test func rejectsROrSOutOfRange() {
        let order = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
        let one = String(repeating: "0", count: 63) + "1"
        let zero = String(repeating: "0", count: 64)
        let high = String(repeating: "f", count: 64)
        for r in [zero, order, high] {
            #expect(throws: SignatureError.rOutOfRange) { try PersonalSign.recoverAddress(message: "m", signature: "0x" + r + one + "1b") }
        }
        for s in [zero, order, high] {
            #expect(throws: SignatureError.sOutOfRange) { try PersonalSign.recoverAddress(message: "m", signature: "0x" + one + s + "1b") }
        }
    }

    @Test func rejectsRThatIsNotOnTheCurve() {
        // x = 5 has no curve point (5³ + 7 is a non-residue mod p).
        let five = String(repeating: "0", count: 63) + "5"
        let one = String(repeating: "0", count: 63) + "1"
        #expect(throws: SignatureError.rNotOnCurve) { try PersonalSign.recoverAddress(message: "m", signature: "0x" + five + one + "1c") }
    }

    @Test func rejectsWrongHashLength() {
        #expect(throws: SignatureError.invalidHashLength(31)) {
            try Secp256k1.recoverPublicKey(messageHash: [UInt8](repeating: 1, count: 31), r: [UInt8](repeating: 1, count: 32), s: [UInt8](repeating: 1, count: 32), recoveryID: 0)
        }
    }
}

@Suite struct Secp256k1ChainTests {
    /// The Fermat addition chains agree with generic exponentiation and with the binary extended Euclid.
    @Test func additionChainsMatchGenericForms() throws {
        var x = AffinePoint.generator.y
        for _ in 0..<8 {
            let viaEuclid = try #require(UInt256.inverseMod(x.value, FieldElement.p))
            #expect(x.inverse?.value == viaEuclid)
            let pMinus2 = UInt256.subtracting(FieldElement.p, UInt256(l0: 2, l1: 0, l2: 0, l3: 0)).0
            #expect(x.inverse == x.power(pMinus2))
            let generic = x.power(FieldElement.sqrtExponent)
            #expect(x.squareRoot == (generic.squared == x ? generic : nil))
            x = x * AffinePoint.generator.x + .one
        }
    }

    @Test func additionAndSubtractionWrapAtP() {
        let pMinusOne = FieldElement(unchecked: UInt256.subtracting(FieldElement.p, .one).0)
        #expect(pMinusOne + .one == .zero)
        #expect(pMinusOne + pMinusOne == pMinusOne - .one)
        #expect(FieldElement.zero - .one == pMinusOne)
        #expect(FieldElement.one - pMinusOne == FieldElement(unchecked: UInt256(l0: 2, l1: 0, l2: 0, l3: 0)))
    }
}

@Suite struct FieldSquaringTests {
    /// The dedicated squaring equals self-multiplication, including values with all-ones limbs.
    @Test func squaringMatchesMultiplication() {
        let pMinusOne = FieldElement(unchecked: UInt256.subtracting(FieldElement.p, .one).0)
        var samples = [FieldElement.zero, .one, pMinusOne, AffinePoint.generator.x, AffinePoint.generator.y,
                       FieldElement(unchecked: UInt256(l0: .max, l1: .max, l2: .max, l3: 0x7FFF_FFFF_FFFF_FFFF))]
        var x = AffinePoint.generator.x
        for _ in 0..<50 {
            x = x * AffinePoint.generator.y + pMinusOne
            samples.append(x)
        }
        for sample in samples {
            #expect(sample.squared == sample * sample)
        }
    }
}

@Suite struct GeneratorTableTests {
    /// Spot-checks the batch-converted table against individually computed multiples.
    @Test func tableEntriesAreTheirMultiples() throws {
        let table = PointMultiplication.generatorTable
        #expect(table.count == 64 * 16)
        for (window, digit) in [(0, 1), (0, 15), (1, 1), (7, 9), (40, 3), (63, 15)] {
            var scalar = UInt256.zero
            // digit · 16^window as a 256-bit integer; a 4-bit digit never straddles two limbs.
            let bit = 4 * window
            let shifted = UInt64(digit) << UInt64(bit % 64)
            switch bit / 64 {
            case 0: scalar.l0 = shifted
            case 1: scalar.l1 = shifted
            case 2: scalar.l2 = shifted
            default: scalar.l3 = shifted
            }
            let expected = try #require(PointMultiplication.multiply(.generator, by: Scalar(unchecked: scalar)).affine)
            #expect(table[16 * window + digit] == expected, "window \(window) digit \(digit)")
            #expect(expected.isOnCurve)
        }
    }
}

@Suite struct RandomSignatureTests {
    /// Arbitrary 65-byte strings either recover some address or fail with a typed error; never trap.
    @Test func arbitrarySignaturesNeverTrap() {
        var state: UInt64 = 0x5EED
        func nextByte() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        var recovered = 0, refused = 0
        for round in 0..<24 {
            var bytes = (0..<65).map { _ in nextByte() }
            bytes[64] = [0, 1, 27, 28, UInt8(round)][round % 5]
            if round % 7 == 0 { for index in 0..<32 { bytes[index] = 0xFF } }   // r ≥ n
            do {
                let address = try EthereumSignature(bytes: bytes).recoverAddress(messageHash: Keccak256.hash([UInt8(round)]))
                #expect(address.utf8.count == 42)
                recovered += 1
            } catch {
                refused += 1
            }
        }
        #expect(recovered > 0 && refused > 0)
    }
}

@Suite struct RecoveredInfinityTests {
    /// With R = 2G, s = 1 and e = 2, sR − eG is the point at infinity: recovery must fail, not trap.
    @Test func signatureThatRecoversInfinityIsRefused() throws {
        let twoG = try #require(JacobianPoint(.generator).doubled().affine)
        let r = twoG.x.value.bigEndianBytes
        let s = UInt256.one.bigEndianBytes
        let hash = UInt256(l0: 2, l1: 0, l2: 0, l3: 0).bigEndianBytes
        #expect(throws: SignatureError.recoveredInfinity) {
            try Secp256k1.recoverPublicKey(messageHash: hash, r: r, s: s, recoveryID: twoG.y.isOdd ? 1 : 0)
        }
        // The other parity gives R = −2G, so Q = r⁻¹(−2G − 2G) is a real point.
        let key = try Secp256k1.recoverPublicKey(messageHash: hash, r: r, s: s, recoveryID: twoG.y.isOdd ? 0 : 1)
        #expect(key.count == 64)
    }
}
