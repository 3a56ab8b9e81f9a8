import Foundation
import RPCTransport

/// An in-memory `RPCChannel`: records what the session sends, in order, for the test to await.
final class TestChannel: RPCChannel, @unchecked Sendable {
    enum Event: Equatable, CustomStringConvertible {
        case frame([UInt8])
        case close(UInt16, String)

        var description: String {
            switch self {
            case .frame(let bytes): "frame(\(bytes.map { String(format: "%02X", $0) }.joined(separator: " ")))"
            case .close(let code, let reason): "close(\(code), \(reason))"
            }
        }
    }

    private let lock = NSLock()
    private var events: [Event] = []
    private var waiter: (token: UInt64, continuation: CheckedContinuation<Event?, Never>)?
    private var lastToken: UInt64 = 0

    func send(_ frame: [UInt8]) { push(.frame(frame)) }
    func close(code: UInt16, reason: String) { push(.close(code, reason)) }

    private func push(_ event: Event) {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.continuation.resume(returning: event)
        } else {
            events.append(event)
            lock.unlock()
        }
    }

    /// The next event, or `nil` if none arrives within `timeout` (a safety net so a broken session fails
    /// the test instead of hanging it; not a timing assertion).
    func next(timeout: Duration = .seconds(10)) async -> Event? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if !events.isEmpty {
                let event = events.removeFirst()
                lock.unlock()
                continuation.resume(returning: event)
                return
            }
            lastToken += 1
            let token = lastToken
            waiter = (token, continuation)
            lock.unlock()
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(token)
            }
        }
    }

    private func expire(_ token: UInt64) {
        lock.lock()
        guard let waiter, waiter.token == token else { return lock.unlock() }
        self.waiter = nil
        lock.unlock()
        waiter.continuation.resume(returning: nil)
    }
}
