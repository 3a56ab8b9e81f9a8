import Foundation

/// Runs `operation` in its own task and waits for it at most `milliseconds`.
///
/// On timeout the operation keeps running (its result is simply not awaited), so a slow source can still
/// fill a cache for the next request while this one moves on.
/// - Returns: the operation's result, or `nil` on timeout.
func awaitResult<T: Sendable>(
    within milliseconds: Int64, _ operation: @escaping @Sendable () async -> T
) async -> T? {
    let gate = Locked<CheckedContinuation<T?, Never>?>(nil)
    let resumeOnce: @Sendable (T?) -> Void = { value in
        let waiting = gate.withLock { slot -> CheckedContinuation<T?, Never>? in
            defer { slot = nil }
            return slot
        }
        waiting?.resume(returning: value)
    }
    return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
        gate.withLock { $0 = continuation }
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(max(0, milliseconds)) * 1_000_000)
            if !Task.isCancelled { resumeOnce(nil) }
        }
        Task {
            let value = await operation()
            timer.cancel()
            resumeOnce(value)
        }
    }
}
