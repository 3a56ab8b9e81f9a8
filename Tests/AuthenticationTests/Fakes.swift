import Authentication
import Synchronization

/// A homeserver stand-in: a token → user id table, or a canned failure; counts calls.
final class FakeWhoAmI: MatrixWhoAmIResolving {
    private let users: [String: String]
    private let failure: WhoAmIError?
    private let calls = Mutex(0)

    init(users: [String: String] = [:], failure: WhoAmIError? = nil) {
        self.users = users
        self.failure = failure
    }

    var callCount: Int { calls.withLock { $0 } }

    func whoAmI(accessToken: String) async throws(WhoAmIError) -> String {
        calls.withLock { $0 += 1 }
        if let failure { throw failure }
        guard let user = users[accessToken] else { throw .unknownToken }
        return user
    }
}

/// A clock the test moves by hand.
final class ManualClock: WallClock {
    private let now: Mutex<Int64>
    init(_ start: Int64) { now = Mutex(start) }
    var nowMilliseconds: Int64 { now.withLock { $0 } }
    func advance(by milliseconds: Int64) { now.withLock { $0 += milliseconds } }
}

/// A contract-wallet service stand-in that records what it was asked.
final class FakeContractWalletValidator: ContractWalletValidator {
    enum Behaviour: Sendable { case answer(ContractWalletVerdict), fail }
    struct Unreachable: Error {}
    private let behaviour: Behaviour
    private let asked = Mutex<[(links: Int, payload: String)]>([])

    init(_ behaviour: Behaviour) { self.behaviour = behaviour }

    var requests: [(links: Int, payload: String)] { asked.withLock { $0 } }

    func validate(authChain: [AuthLink], signedPayload: String) async throws -> ContractWalletVerdict {
        asked.withLock { $0.append((authChain.count, signedPayload)) }
        switch behaviour {
        case .answer(let verdict): return verdict
        case .fail: throw Unreachable()
        }
    }
}
