import Foundation
import SocialDomain
@testable import SocialStore
import BridgeTestSupport

/// A fresh on-disk store in its own temporary directory.
struct StoreFixture {
    let directory: URL
    let store: SocialStore
    var path: String { directory.appendingPathComponent("social.sqlite").path }

    init() throws {
        directory = try makeTemporaryDirectory("socialstore")
        store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
    }
}

/// Address number `n` (`0x000…0n`), so orderings are easy to read in tests.
func addr(_ n: Int) -> Address {
    let hex = String(n, radix: 16)
    return Address("0x" + String(repeating: "0", count: 40 - hex.count) + hex)!
}

extension SocialStore {
    /// Applies an upsert that the test expects to succeed.
    @discardableResult
    func mustUpsert(_ actor: Address, _ target: Address, _ action: FriendshipAction, message: String? = nil, at now: Int64) throws -> AppliedUpsert {
        switch try upsertFriendship(actor: actor, target: target, action: action, message: message, now: now) {
        case .applied(let applied): return applied
        case .refused(let refusal): throw refusal
        }
    }
}
