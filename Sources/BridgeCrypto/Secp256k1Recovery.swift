/// secp256k1 public-key recovery (SEC 1 §4.1.6) as Ethereum's `ecrecover` does it.
///
/// Choices, all matching `ecrecover` and ethers' `recoverAddress` (which the reference `@dcl/crypto` uses):
/// - The recovery id selects only the parity of R.y; R.x is always `r`. The "r + n" candidates (recovery ids
///   2 and 3) cannot be expressed with v ∈ {27, 28} and would need r + n < p, which a random r hits with
///   probability ~2⁻¹²⁷, so they are not tried.
/// - High-s signatures (s > n/2) are accepted: `ecrecover` and the reference accept them, and the
///   malleability they allow changes nothing here (the signer recovered from (r, n − s, v ^ 1) is the same).
/// - Not constant time: only public data (signatures, messages, keys) goes through it.
public enum Secp256k1 {
    /// Recovers the signer's 64-byte public key x ‖ y (uncompressed encoding without the 0x04 prefix).
    /// - Parameters:
    ///   - messageHash: the 32-byte hash that was signed.
    ///   - r: 32 big-endian bytes.
    ///   - s: 32 big-endian bytes.
    ///   - recoveryID: 0 or 1, the parity of R.y.
    /// - Throws: `SignatureError` when r or s is out of range, the recovery id is not 0/1, no curve point has x = r,
    ///   or the result is the point at infinity.
    public static func recoverPublicKey(messageHash: [UInt8], r: [UInt8], s: [UInt8], recoveryID: UInt8) throws(SignatureError) -> [UInt8] {
        guard messageHash.count == 32, let hashValue = UInt256(bigEndian: messageHash) else {
            throw .invalidHashLength(messageHash.count)
        }
        guard recoveryID <= 1 else { throw .invalidRecoveryValue(recoveryID) }
        guard let rValue = UInt256(bigEndian: r), let rScalar = Scalar(rValue), !rScalar.isZero else { throw .rOutOfRange }
        guard let sValue = UInt256(bigEndian: s), let sScalar = Scalar(sValue), !sScalar.isZero else { throw .sOutOfRange }
        // r < n < p, so r is always a valid field element.
        guard let rx = FieldElement(rValue), let bigR = AffinePoint(x: rx, oddY: recoveryID == 1) else { throw .rNotOnCurve }
        guard let rInverse = rScalar.inverse else { throw .rOutOfRange }
        let e = Scalar(reducing: hashValue)
        // Q = r⁻¹(sR − eG) = (−e·r⁻¹)G + (s·r⁻¹)R
        let u1 = -(e * rInverse)
        let u2 = sScalar * rInverse
        let q = PointMultiplication.generatorTimes(u1).adding(PointMultiplication.multiply(bigR, by: u2))
        guard let affine = q.affine else { throw .recoveredInfinity }
        return affine.rawBytes
    }

    /// The Ethereum address of a 64-byte public key x ‖ y: the last 20 bytes of its Keccak-256, as lowercase `0x…`.
    public static func address(ofPublicKey publicKey: [UInt8]) -> String {
        "0x" + Hex.encode(Keccak256.hash(publicKey).suffix(20))
    }
}
