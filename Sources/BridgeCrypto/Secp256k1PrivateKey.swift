/// A secp256k1 private key that signs Ethereum-style (personal_sign) messages, for the client side of
/// auth chains (`social-bridge call`) and for tests.
///
/// Choices:
/// - Nonces come from the system CSPRNG (`SystemRandomNumberGenerator`: `getrandom(2)` on Linux), drawn
///   afresh for every signature and rejected outside 1…n−1; the signature is then randomized, not the
///   RFC 6979 deterministic one, which verifiers cannot tell apart.
/// - Signatures are low-s (s ≤ n/2, as EIP-2 and every Ethereum library produce them); the recovery id is
///   the parity of R.y, flipped with s. R.x ≥ n (recovery ids 2/3, probability ~2⁻¹²⁷) is retried.
/// - Not constant time: the arithmetic shared with recovery branches on secret bits. That is acceptable
///   for a command-line client signing a few messages on the operator's own machine; it is not a wallet.
public struct Secp256k1PrivateKey: Sendable {
    let scalar: Scalar

    /// A key from 32 big-endian bytes.
    /// - Throws: `SignatureError.invalidPrivateKey` unless the bytes are a number in 1…n−1.
    public init(bytes: [UInt8]) throws(SignatureError) {
        guard let value = UInt256(bigEndian: bytes), let scalar = Scalar(value), !scalar.isZero else { throw .invalidPrivateKey }
        self.scalar = scalar
    }

    /// A key from 64 hex digits (`0x` optional), as wallets export them.
    /// - Throws: `SignatureError.invalidPrivateKey` for anything else.
    public init(hex: some StringProtocol) throws(SignatureError) {
        guard let bytes = Hex.decode(hex.trimmingPrefix("0x")), bytes.count == 32 else { throw .invalidPrivateKey }
        try self.init(bytes: bytes)
    }

    /// A fresh random key (an ephemeral key of an auth chain).
    public static func random() -> Secp256k1PrivateKey {
        var generator = SystemRandomNumberGenerator()
        return Secp256k1PrivateKey(scalar: randomScalar(using: &generator))
    }

    private init(scalar: Scalar) { self.scalar = scalar }

    /// The 32 big-endian key bytes.
    public var bytes: [UInt8] { scalar.value.bigEndianBytes }

    /// The public key x ‖ y (64 bytes, the uncompressed encoding without 0x04).
    public var publicKey: [UInt8] {
        // k·G for k in 1…n−1 is never infinity.
        PointMultiplication.generatorTimes(scalar).affine!.rawBytes
    }

    /// The key's Ethereum address, lowercase `0x…`.
    public var address: String { Secp256k1.address(ofPublicKey: publicKey) }

    /// Signs a 32-byte hash (ECDSA over secp256k1).
    /// - Returns: a low-s signature with its recovery id.
    /// - Throws: `SignatureError.invalidHashLength` unless `messageHash` has 32 bytes.
    public func sign(messageHash: [UInt8]) throws(SignatureError) -> EthereumSignature {
        var generator = SystemRandomNumberGenerator()
        return try sign(messageHash: messageHash, using: &generator)
    }

    /// Signs with nonces from `generator` (tests pass a seeded one to reach rare branches).
    func sign(messageHash: [UInt8], using generator: inout some RandomNumberGenerator) throws(SignatureError) -> EthereumSignature {
        guard messageHash.count == 32, let hashValue = UInt256(bigEndian: messageHash) else {
            throw .invalidHashLength(messageHash.count)
        }
        let e = Scalar(reducing: hashValue)
        while true {
            let k = Self.randomScalar(using: &generator)
            guard let point = PointMultiplication.generatorTimes(k).affine else { continue }
            // R.x ≥ n would need recovery id 2 or 3, which v = 27/28 cannot say: draw another nonce.
            guard let r = Scalar(point.x.value), !r.isZero, let kInverse = k.inverse else { continue }
            var s = kInverse * (e + r * scalar)
            guard !s.isZero else { continue }
            var recoveryID: UInt8 = point.y.isOdd ? 1 : 0
            if Self.halfOrder < s.value {
                s = -s
                recoveryID ^= 1
            }
            return try EthereumSignature(bytes: r.value.bigEndianBytes + s.value.bigEndianBytes + [recoveryID + 27])
        }
    }

    /// n / 2 (rounded down): the largest low s.
    static let halfOrder = Scalar.n.shiftedRightOne()

    /// Uniform in 1…n−1 by rejection (n is within 2⁻¹²⁸ of 2²⁵⁶, so retries are rare).
    static func randomScalar(using generator: inout some RandomNumberGenerator) -> Scalar {
        while true {
            let value = UInt256(l0: generator.next(), l1: generator.next(), l2: generator.next(), l3: generator.next())
            if let scalar = Scalar(value), !scalar.isZero { return scalar }
        }
    }
}

extension EthereumSignature {
    /// r ‖ s ‖ v with v = 27 + recovery id, as `personal_sign` returns it.
    public var bytes: [UInt8] { r + s + [recoveryID + 27] }

    /// `0x` + 130 lowercase hex digits.
    public var hex: String { "0x" + Hex.encode(bytes) }
}

extension PersonalSign {
    /// Signs the UTF-8 bytes of `message` as `personal_sign` does (EIP-191 prefix, Keccak-256).
    public static func sign(message: String, with key: Secp256k1PrivateKey) -> EthereumSignature {
        // The personal_sign hash is always 32 bytes, so signing cannot fail.
        try! key.sign(messageHash: messageHash(Array(message.utf8)))
    }
}

/// EIP-55 mixed-case checksum addresses, as wallets and ethers print them.
public enum EthereumAddress {
    /// `0x` + 40 hex digits with the EIP-55 checksum capitalization; nil unless `address` is 20 bytes of hex.
    public static func checksummed(_ address: some StringProtocol) -> String? {
        let lower = address.lowercased().trimmingPrefix("0x")
        guard lower.count == 40, Hex.decode(lower) != nil else { return nil }
        let hash = Hex.encode(Keccak256.hash(Array(lower.utf8)))
        var out = "0x"
        for (character, nibble) in zip(lower, hash) {
            out.append(character.isLetter && nibble >= "8" ? Character(character.uppercased()) : character)
        }
        return out
    }
}

extension StringProtocol {
    /// The text without a leading `prefix`.
    fileprivate func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : String(self)
    }
}
