import Authentication
import Foundation

/// Refused connections per `AuthenticationError.Reason` (the metric behind the log line), e.g. how often
/// the legacy homeserver was unreachable.
public final class RefusalCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [AuthenticationError.Reason: Int] = [:]
    private var other = 0

    public init() {}

    /// Counts one refusal; errors that are not `AuthenticationError` count as `unclassified`.
    func record(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if let error = error as? AuthenticationError {
            counts[error.reason, default: 0] += 1
        } else {
            other += 1
        }
    }

    /// Refusals for `reason` so far.
    public func count(_ reason: AuthenticationError.Reason) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[reason, default: 0]
    }

    /// Refusals whose error was not an `AuthenticationError`.
    public var unclassified: Int {
        lock.lock()
        defer { lock.unlock() }
        return other
    }

    /// Every reason's count, keyed by its metric label (reasons never seen are absent).
    public var snapshot: [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        var labels = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
        if other > 0 { labels["unclassified"] = other }
        return labels
    }
}
