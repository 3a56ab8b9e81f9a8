import Testing
import BridgeCrypto

/// RFC 3174 test vectors plus padding-boundary lengths (expected digests from Python's hashlib).
@Suite struct SHA1Tests {
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        (String(repeating: "0123456701234567012345670123456701234567012345670123456701234567", count: 10), "dea356a2cddd90c7a7ecedc5ebb563934f460452"),
        (String(repeating: "a", count: 55), "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (String(repeating: "a", count: 56), "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (String(repeating: "a", count: 64), "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        ("é✓", "44dcf208ec885cd723e88906064a019f56644c02"),
    ])
    func vectors(input: String, digest: String) {
        #expect(Hex.encode(SHA1.hash(Array(input.utf8))) == digest)
    }

    @Test func oneMillionAs() {
        var hasher = SHA1()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(Hex.encode(hasher.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = Array("The quick brown fox jumps over the lazy dog, again and again and again.".utf8)
        for split in [0, 1, 63, 64, 65, bytes.count] {
            var hasher = SHA1()
            hasher.update(bytes[..<min(split, bytes.count)])
            hasher.update(bytes[min(split, bytes.count)...])
            #expect(hasher.finalize() == SHA1.hash(bytes))
        }
        #expect(SHA1.hash(bytes).count == 20)
    }
}
