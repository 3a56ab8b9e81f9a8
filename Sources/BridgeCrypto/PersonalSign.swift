/// EIP-191 version 0x45 ("personal_sign") message hashing and signer recovery.
public enum PersonalSign {
    /// keccak256("\u{19}Ethereum Signed Message:\n" + decimal byte length + message).
    public static func messageHash(_ message: [UInt8]) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(Array("\u{19}Ethereum Signed Message:\n\(message.count)".utf8))
        hasher.update(message)
        return hasher.finalize()
    }

    /// The lowercase `0x…` address that personal-signed the UTF-8 bytes of `message`.
    /// - Parameters:
    ///   - message: the signed text (hashed as UTF-8, as `personal_sign` with a string does).
    ///   - signature: `0x` + 130 hex digits, r ‖ s ‖ v with v ∈ {0, 1, 27, 28}.
    /// - Throws: `SignatureError` for malformed or unrecoverable signatures.
    public static func recoverAddress(message: String, signature: some StringProtocol) throws(SignatureError) -> String {
        let parsed = try EthereumSignature(hex: signature)
        return try parsed.recoverAddress(messageHash: messageHash(Array(message.utf8)))
    }
}
