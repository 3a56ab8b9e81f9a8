import Foundation
import RPCTransport

/// The test-only authenticator (never reachable from the command line). Credentials:
/// `token:<identity>` → `<identity>` lowercased; `gate:<identity>` → the same once `gate` opens;
/// anything else is refused.
struct TestAuthenticator: ConnectionAuthenticator {
    struct Refused: Error {}

    let gate: Gate

    init(gate: Gate = Gate()) { self.gate = gate }

    func authenticate(credential: [UInt8]) async throws -> String {
        let text = String(decoding: credential, as: UTF8.self)
        if text.hasPrefix("token:") { return String(text.dropFirst(6)).lowercased() }
        if text.hasPrefix("gate:") {
            await gate.wait()
            return String(text.dropFirst(5)).lowercased()
        }
        throw Refused()
    }
}

/// A one-shot latch: waiters suspend until `open()`.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        await withCheckedContinuation { continuation in
            lock.lock()
            if isOpen {
                lock.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }

    func open() {
        lock.lock()
        isOpen = true
        let waiting = waiters
        waiters = []
        lock.unlock()
        for waiter in waiting { waiter.resume() }
    }
}
