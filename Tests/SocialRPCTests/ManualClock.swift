import Foundation
import SocialDomain
@testable import SocialRPC

/// A clock tests move by hand.
final class ManualClock: MillisecondClock, @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64

    init(_ start: Int64 = 1_700_000_000_000) { now = start }

    func nowMilliseconds() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        return now
    }

    func advance(by milliseconds: Int64) {
        lock.lock(); defer { lock.unlock() }
        now += milliseconds
    }
}

/// Test addresses `0x000…0<n>`.
func addr(_ n: Int) -> Address {
    let hex = String(n, radix: 16)
    return Address("0x" + String(repeating: "0", count: 40 - hex.count) + hex)!
}
