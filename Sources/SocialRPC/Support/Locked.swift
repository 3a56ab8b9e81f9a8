import Foundation

/// A value guarded by a lock, for state touched from synchronous callbacks (session observers, hub fan-out)
/// where an actor hop would reorder events.
final class Locked<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var state: State

    init(_ state: State) { self.state = state }

    /// Runs `body` with exclusive access; keep it short and never await inside.
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
