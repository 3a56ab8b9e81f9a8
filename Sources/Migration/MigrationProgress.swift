import Foundation

/// A progress snapshot for the CLI (TTY bar or quiet lines).
public struct MigrationProgress: Sendable, Equatable {
    /// The phase running (`users`, `rooms`, `account_data`, `rooms_state`, `rescan`, `write_pairs`, `blocks`, `done`).
    public var phase: String
    public var done: Int
    /// `nil` while unknown (paged lists).
    public var total: Int?
    /// Items a second in this phase.
    public var rate: Double
    /// Seconds left in this phase, when the total is known.
    public var eta: Double?
}

/// Times phases and turns counts into progress snapshots.
final class ProgressMeter: @unchecked Sendable {
    private let lock = NSLock()
    private let callback: (@Sendable (MigrationProgress) -> Void)?
    private var phase = ""
    private var started = Date()
    private var done = 0
    private var total: Int?
    private var lastReport = Date.distantPast

    init(callback: (@Sendable (MigrationProgress) -> Void)?) { self.callback = callback }

    /// Starts a phase (after reporting the previous one's final count).
    func begin(_ phase: String, total: Int?) {
        // Settle the previous phase with its final count before switching.
        if !lock.withLock({ self.phase.isEmpty }) { emit(force: true) }
        lock.withLock {
            self.phase = phase
            started = Date()
            done = 0
            self.total = total
            lastReport = .distantPast
        }
        emit(force: true)
    }

    /// Counts `count` items done; reports at most ten times a second.
    func advance(_ count: Int = 1) {
        lock.withLock { done += count }
        emit(force: false)
    }

    /// Seconds since the phase began.
    func elapsed() -> Double { lock.withLock { Date().timeIntervalSince(started) } }

    func finish() { emit(force: true) }

    private func emit(force: Bool) {
        guard let callback else { return }
        let snapshot: MigrationProgress? = lock.withLock {
            let now = Date()
            guard force || now.timeIntervalSince(lastReport) >= 0.1 else { return nil }
            lastReport = now
            let seconds = max(now.timeIntervalSince(started), 0.001)
            let rate = Double(done) / seconds
            let eta = total.flatMap { total in rate > 0 ? Double(max(total - done, 0)) / rate : nil }
            return MigrationProgress(phase: phase, done: done, total: total, rate: rate, eta: eta)
        }
        if let snapshot { callback(snapshot) }
    }
}
