/// Serialises async work per key (a user's account data is read, merged and written back under its
/// key, so two pairs of one user never lose each other's `m.direct` entry).
public actor AsyncKeyedLock {
    private var held: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` while holding `key`; other callers of the same key wait, in arrival order.
    public init() {}

    public func withLock<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(key)
        do {
            let value = try await body()
            release(key)
            return value
        } catch {
            release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        guard held.contains(key) else {
            held.insert(key)
            return
        }
        // Resumed by `release`, which hands the key over without unlocking it. Never cancelled: the body
        // ahead of us always finishes (its own calls are bounded by the HTTP timeouts).
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    private func release(_ key: String) {
        if var queue = waiters[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}
