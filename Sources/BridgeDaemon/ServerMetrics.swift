import Foundation
import Synchronization

/// Counters the daemon exposes at `GET /metrics` (Prometheus text format): authentications accepted and
/// refused by reason, so an operator can tell a bad client from an unreachable homeserver, and requests
/// the HTTP front door refused (`socialbridge_http_rejected_total{reason="…"}`).
public final class ServerMetrics: Sendable {
    private let counters = Mutex<[String: Int]>([:])

    public init() {}

    /// Adds one to the counter `name` with `labels` (already formatted, e.g. `reason="unknown_token"`).
    public func increment(_ name: String, labels: String = "") {
        let key = labels.isEmpty ? name : "\(name){\(labels)}"
        counters.withLock { $0[key, default: 0] += 1 }
    }

    /// Makes the counter `name` with `labels` appear (at 0) before its first increment, so a scrape
    /// shows every refusal reason from the start.
    public func register(_ name: String, labels: String = "") {
        let key = labels.isEmpty ? name : "\(name){\(labels)}"
        counters.withLock { if $0[key] == nil { $0[key] = 0 } }
    }

    /// The value of one counter (0 when never incremented).
    public func value(_ name: String, labels: String = "") -> Int {
        let key = labels.isEmpty ? name : "\(name){\(labels)}"
        return counters.withLock { $0[key] ?? 0 }
    }

    /// All counters plus the given gauges, one `name{labels} value` line each, sorted.
    public func prometheusText(gauges: [(String, Double)] = []) -> String {
        let lines = counters.withLock { $0.map { "\($0.key) \($0.value)" } } + gauges.map { "\($0.0) \(Self.format($0.1))" }
        return lines.sorted().joined(separator: "\n") + "\n"
    }

    /// Whole numbers without a fraction, others with three decimals.
    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3f", value)
    }
}
