import Foundation

/// The source of "now" for expiry checks, injectable so tests and recorded chains use a fixed instant.
public protocol WallClock: Sendable {
    /// Milliseconds since the Unix epoch.
    var nowMilliseconds: Int64 { get }
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    /// The system clock.
    public init() {}
    /// Milliseconds since the Unix epoch, now.
    public var nowMilliseconds: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// A clock stopped at one instant.
public struct FixedWallClock: WallClock {
    /// The stopped instant, in milliseconds since the Unix epoch.
    public let nowMilliseconds: Int64
    /// - Parameter nowMilliseconds: the instant, in milliseconds since the Unix epoch.
    public init(nowMilliseconds: Int64) { self.nowMilliseconds = nowMilliseconds }
}
