import Foundation

/// How sync follows Matrix.
public enum SyncMode: String, Sendable, CaseIterable {
    /// Synapse pushes transactions to the appservice API; a reconcile pass still runs periodically.
    case appservice
    /// Periodic passes through the admin API only (no appservice registration).
    case poll
    /// No sync.
    case off
}

/// Runs the passes of `SyncEngine` on a schedule: one at once (catching up with whatever changed while
/// the bridge was down), then every `interval` (the poll interval, or the reconcile interval in
/// appservice mode, where pushes alone are not trusted: Synapse can drop or stall them).
public struct SyncLoop: Sendable {
    private let engine: SyncEngine
    private let interval: Duration
    private let log: @Sendable (_ line: String, _ failed: Bool) -> Void

    /// - Parameters:
    ///   - engine: what a pass does.
    ///   - interval: time between the end of a pass and the start of the next.
    ///   - log: one line per pass, and per failure (`failed`).
    public init(engine: SyncEngine, interval: Duration, log: @escaping @Sendable (_ line: String, _ failed: Bool) -> Void) {
        self.engine = engine
        self.interval = interval
        self.log = log
    }

    /// Passes until cancelled. A failed pass is logged and tried again at the next interval.
    public func run() async {
        var first = true
        while !Task.isCancelled {
            do {
                let report = try await engine.pass()
                log("sync \(first ? "catch-up" : "pass"): \(report.roomsListed) rooms listed, \(report.roomsProbed) probed, "
                    + "\(report.roomsChanged) changed, \(report.actionsApplied) actions applied, \(report.roomsFailed) unreadable, "
                    + String(format: "%.1f s", report.seconds), false)
            } catch is CancellationError {
                return
            } catch {
                log("sync \(first ? "catch-up" : "pass") failed: \(error); next attempt in \(interval)", true)
            }
            first = false
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
