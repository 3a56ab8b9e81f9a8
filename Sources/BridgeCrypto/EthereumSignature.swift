/// A 65-byte Ethereum ECDSA signature r ‖ s ‖ v, as produced by `personal_sign` / `eth_sign`.
public struct EthereumSignature: Sendable, Equatable {
    /// 32 big-endian bytes.
    public let r: [UInt8]
    /// 32 big-endian bytes.
    public let s: [UInt8]
    /// The recovery id, 0 or 1 (v = 27/28 and v = 0/1 both normalise to it).
    public let recoveryID: UInt8

    /// Parses 65 bytes. Range checks of r and s happen at recovery.
    /// - Throws: `SignatureError.wrongLength` or `.invalidRecoveryValue` (v other than 0, 1, 27, 28).
    public init(bytes: [UInt8]) throws(SignatureError) {
        guard bytes.count == 65 else { throw .wrongLength(bytes.count) }
        let v = bytes[64]
        switch v {
        case 0, 1: recoveryID = v
        case 27, 28: recoveryID = v - 27
        default: throw .invalidRecoveryValue(v)
        }
        r = Array(bytes[0..<32])
        s = Array(bytes[32..<64])
    }

    /// Parses `0x` + 130 hex digits (the prefix is optional).
    /// - Throws: `SignatureError.notHex`, `.wrongLength` or `.invalidRecoveryValue`.
    public init(hex: some StringProtocol) throws(SignatureError) {
        guard let bytes = Hex.decode(hex) else { throw .notHex }
        try self.init(bytes: bytes)
    }

    /// The signer's lowercase `0x…` address for a 32-byte message hash.
    /// - Throws: `SignatureError` when the signature does not recover a key.
    public func recoverAddress(messageHash: [UInt8]) throws(SignatureError) -> String {
        let key = try Secp256k1.recoverPublicKey(messageHash: messageHash, r: r, s: s, recoveryID: recoveryID)
        return Secp256k1.address(ofPublicKey: key)
    }
}
