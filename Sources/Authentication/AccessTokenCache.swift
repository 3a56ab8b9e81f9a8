import BridgeCrypto
import SocialDomain

/// Positive whoami answers for a short time, bounded in size. Keys are Keccak-256 digests of the tokens,
/// so the cache never holds a usable token.
actor AccessTokenCache {
    private struct Entry {
        var address: Address
        var expiresAt: Int64
    }

    private let timeToLiveMilliseconds: Int64
    private let capacity: Int
    private var entries: [[UInt8]: Entry] = [:]

    init(timeToLiveMilliseconds: Int64, capacity: Int) {
        self.timeToLiveMilliseconds = timeToLiveMilliseconds
        self.capacity = capacity
    }

    static func key(for token: String) -> [UInt8] { Keccak256.hash(token) }

    func address(for key: [UInt8], now: Int64) -> Address? {
        guard let entry = entries[key] else { return nil }
        guard entry.expiresAt > now else {
            entries[key] = nil
            return nil
        }
        return entry.address
    }

    func store(_ address: Address, for key: [UInt8], now: Int64) {
        guard capacity > 0, timeToLiveMilliseconds > 0 else { return }
        if entries[key] == nil, entries.count >= capacity {
            entries = entries.filter { $0.value.expiresAt > now }
            // Still full of live entries: drop the one closest to expiry (the oldest, as the TTL is shared).
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                entries[oldest.key] = nil
            }
        }
        // Saturate: a configured TTL near Int64.max must not trap.
        let (expiry, overflow) = now.addingReportingOverflow(timeToLiveMilliseconds)
        entries[key] = Entry(address: address, expiresAt: overflow ? .max : expiry)
    }

    var count: Int { entries.count }
}
