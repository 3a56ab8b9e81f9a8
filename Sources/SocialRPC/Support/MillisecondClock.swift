import Foundation

/// Wall-clock time in milliseconds since the Unix epoch; injected so rate windows, idle timers and
/// timestamps can be driven by tests.
public protocol MillisecondClock: Sendable {
    /// The current time, milliseconds since 1970-01-01T00:00:00Z.
    func nowMilliseconds() -> Int64
}

/// The system's real-time clock.
public struct SystemClock: MillisecondClock {
    public init() {}

    public func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
