import BridgeTestSupport
import Foundation
import Testing
@testable import BridgeCrypto

@Suite struct SigningTests {
    /// The private key of eth-account's documentation and its address.
    static let documentedKey = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let documentedAddress = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"

    @Test func addressOfAKnownKey() throws {
        let key = try Secp256k1PrivateKey(hex: Self.documentedKey)
        #expect(key.address == Self.documentedAddress)
        #expect(try Secp256k1PrivateKey(hex: String(Self.documentedKey.dropFirst(2))).address == Self.documentedAddress)
        #expect(key.bytes == Hex.decode(Self.documentedKey))
        #expect(key.publicKey.count == 64)
        // Key 1 is G itself.
        let one = try Secp256k1PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [1])
        #expect(one.address == "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf")
    }

    @Test func invalidKeysAreRefused() {
        let n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
        for text in ["", "0x12", String(repeating: "0", count: 64), n, "zz" + String(repeating: "1", count: 62), String(repeating: "1", count: 66)] {
            #expect(throws: SignatureError.invalidPrivateKey) { try Secp256k1PrivateKey(hex: text) }
        }
        #expect(SignatureError.invalidPrivateKey.description.contains("64 hex digits"))
    }

    @Test func signaturesRecoverTheSignerAndAreLowS() throws {
        let halfOrder = Secp256k1PrivateKey.halfOrder
        var parities: Set<UInt8> = []
        for index in 0..<40 {
            let key = Secp256k1PrivateKey.random()
            let message = "message \(index): get:/:\(1_700_000_000_000 + index):{}"
            let signature = PersonalSign.sign(message: message, with: key)
            #expect(try PersonalSign.recoverAddress(message: message, signature: signature.hex) == key.address)
            #expect(!(halfOrder < UInt256(bigEndian: signature.s)!), "high s")
            #expect(signature.bytes[64] == 27 || signature.bytes[64] == 28)
            #expect(signature.hex.count == 132)
            parities.insert(signature.recoveryID)
            // A different message does not recover the same signer.
            #expect(try PersonalSign.recoverAddress(message: message + ".", signature: signature.hex) != key.address)
        }
        #expect(parities == [0, 1], "both recovery ids should occur in 40 signatures")
    }

    @Test func noncesAreFreshEachTime() throws {
        let key = try Secp256k1PrivateKey(hex: Self.documentedKey)
        let a = PersonalSign.sign(message: "same", with: key), b = PersonalSign.sign(message: "same", with: key)
        #expect(a.r != b.r)
        #expect(try a.recoverAddress(messageHash: PersonalSign.messageHash(Array("same".utf8))) == Self.documentedAddress)
    }

    @Test func signingNeedsA32ByteHash() throws {
        let key = Secp256k1PrivateKey.random()
        #expect(throws: SignatureError.invalidHashLength(31)) { try key.sign(messageHash: [UInt8](repeating: 1, count: 31)) }
    }

    /// A generator that first yields zeros (an out-of-range nonce), then real randomness: the retry path.
    struct ZeroThenRandom: RandomNumberGenerator {
        var zeros = 4
        var system = SystemRandomNumberGenerator()
        mutating func next() -> UInt64 {
            if zeros > 0 { zeros -= 1; return 0 }
            return system.next()
        }
    }

    @Test func aZeroNonceIsRedrawn() throws {
        let key = Secp256k1PrivateKey.random()
        var generator = ZeroThenRandom()
        let hash = PersonalSign.messageHash(Array("retry".utf8))
        let signature = try key.sign(messageHash: hash, using: &generator)
        #expect(try signature.recoverAddress(messageHash: hash) == key.address)
    }

    @Test func eip55ChecksumVectors() {
        // From EIP-55.
        for address in ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"] {
            #expect(EthereumAddress.checksummed(address.lowercased()) == address)
        }
        #expect(EthereumAddress.checksummed("0x12") == nil)
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func ethAccountAgrees() throws {
        let python = try #require(TestEnvironment.python)
        let keys = (0..<8).map { _ in Secp256k1PrivateKey.random() } + [try Secp256k1PrivateKey(hex: Self.documentedKey)]
        let messages = ["hello", "Decentraland Login\nEphemeral address: 0xabc\nExpiration: 2030-01-01T00:00:00.000Z", "", "ünïcødé ✓",
                        String(repeating: "long ", count: 300)]
        var signatures: [[String: String]] = []
        var expected: [String] = []
        for (index, message) in messages.enumerated() {
            let key = keys[index % keys.count]
            signatures.append(["message": message, "signature": PersonalSign.sign(message: message, with: key).hex])
            expected.append(key.address)
        }
        let request: [String: Any] = [
            "keys": keys.map { ["key": "0x" + Hex.encode($0.bytes), "address": $0.address] },
            "signatures": signatures,
        ]
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/auth_check_signatures.py").path
        let result = try ProcessRunner.run(python, [script], input: try JSONSerialization.data(withJSONObject: request))
        try #require(result.status == 0, "\(result.stderr)")
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let addresses = try #require(reply["addresses"] as? [String])
        #expect(addresses == keys.map { EthereumAddress.checksummed($0.address)! })
        let recovered = try #require(reply["recovered"] as? [String])
        #expect(recovered.map { $0.lowercased() } == expected)
    }
}
