/// Keccak-256 as Ethereum uses it: the original Keccak padding (domain byte 0x01), not FIPS-202 SHA3-256 (0x06).
///
/// Rate 136 bytes, capacity 512 bits, 32-byte output.
public struct Keccak256: Sendable {
    private static let rate = 136
    private var state = [UInt64](repeating: 0, count: 25)
    private var pending: [UInt8] = []

    /// A hasher with empty input.
    public init() {
        pending.reserveCapacity(Self.rate)
    }

    /// The 32-byte digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The 32-byte digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }

    /// Feeds more input.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let absorbedInPlace: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: $0) }
        if absorbedInPlace == nil { update(buffer: Array(bytes)) }
    }

    private mutating func update(buffer: [UInt8]) {
        buffer.withUnsafeBufferPointer { update(buffer: $0) }
    }

    /// Tops up the pending block, then absorbs whole blocks straight from the input.
    private mutating func update(buffer: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        if !pending.isEmpty {
            let take = min(Self.rate - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0..<take])
            offset = take
            guard pending.count == Self.rate else { return }
            pending.withUnsafeBufferPointer { absorb($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        while buffer.count - offset >= Self.rate {
            absorb(buffer, at: offset)
            offset += Self.rate
        }
        pending.append(contentsOf: buffer[offset...])
    }

    /// Pads (0x01 … 0x80), absorbs the last block and returns the digest. The hasher is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        var block = pending
        block.append(0x01)
        while block.count < Self.rate { block.append(0) }
        // When only one padding byte fits, 0x01 and 0x80 share it (0x81).
        block[Self.rate - 1] |= 0x80
        block.withUnsafeBufferPointer { absorb($0, at: 0) }
        pending.removeAll()
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for lane in state[0..<4] {
            for shift in stride(from: 0, to: 64, by: 8) { digest.append(UInt8(truncatingIfNeeded: lane >> UInt64(shift))) }
        }
        return digest
    }

    /// XORs the block of `rate` bytes at `offset` into the state and permutes.
    private mutating func absorb(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        state.withUnsafeMutableBufferPointer { lanes in
            for lane in 0..<(Self.rate / 8) {
                var word: UInt64 = 0
                for byte in 0..<8 { word |= UInt64(bytes[offset + lane * 8 + byte]) << UInt64(byte * 8) }
                lanes[lane] ^= word
            }
            KeccakF1600.permute(lanes)
        }
    }
}

/// The Keccak-f[1600] permutation on 25 little-endian lanes (index x + 5y).
enum KeccakF1600 {
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
    /// ρ rotation amounts along the π walk that starts at lane 1.
    private static let rotations: [UInt64] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]
    /// Destination lanes of that walk.
    private static let piLanes: [Int] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]

    static func permute(_ a: UnsafeMutableBufferPointer<UInt64>) {
        var c0: UInt64, c1: UInt64, c2: UInt64, c3: UInt64, c4: UInt64
        for round in 0..<24 {
            // θ
            c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20]
            c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21]
            c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22]
            c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23]
            c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24]
            let d0 = c4 ^ rotl(c1, 1), d1 = c0 ^ rotl(c2, 1), d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1), d4 = c3 ^ rotl(c0, 1)
            for y in stride(from: 0, to: 25, by: 5) {
                a[y] ^= d0; a[y + 1] ^= d1; a[y + 2] ^= d2; a[y + 3] ^= d3; a[y + 4] ^= d4
            }
            // ρ and π together
            var carried = a[1]
            for step in 0..<24 {
                let lane = piLanes[step]
                let next = a[lane]
                a[lane] = rotl(carried, rotations[step])
                carried = next
            }
            // χ
            for y in stride(from: 0, to: 25, by: 5) {
                let b0 = a[y], b1 = a[y + 1], b2 = a[y + 2], b3 = a[y + 3], b4 = a[y + 4]
                a[y] = b0 ^ (~b1 & b2)
                a[y + 1] = b1 ^ (~b2 & b3)
                a[y + 2] = b2 ^ (~b3 & b4)
                a[y + 3] = b3 ^ (~b4 & b0)
                a[y + 4] = b4 ^ (~b0 & b1)
            }
            // ι
            a[0] ^= roundConstants[round]
        }
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }
}
