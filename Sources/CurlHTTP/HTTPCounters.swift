import Synchronization

/// Thread-safe tallies of HTTP work, for run reports.
public final class HTTPCounters: Sendable {
    /// A copy of the tallies at one moment.
    public struct Snapshot: Sendable, Equatable, Codable {
        /// Requests handed to the network (each attempt counts).
        public var requests: Int
        /// Attempts repeated by a retry policy.
        public var retries: Int
        /// Attempts that got no response (network errors).
        public var failures: Int
        /// Decoded response body bytes received.
        public var bytesReceived: Int

        /// Creates a snapshot.
        public init(requests: Int = 0, retries: Int = 0, failures: Int = 0, bytesReceived: Int = 0) {
            self.requests = requests
            self.retries = retries
            self.failures = failures
            self.bytesReceived = bytesReceived
        }
    }

    private let state = Mutex(Snapshot())

    /// Creates zeroed counters.
    public init() {}

    /// The current tallies.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Counts one attempt sent to the network.
    public func recordRequest() { state.withLock { $0.requests += 1 } }
    /// Counts one attempt that will be repeated.
    public func recordRetry() { state.withLock { $0.retries += 1 } }
    /// Counts one attempt that got no response.
    public func recordFailure() { state.withLock { $0.failures += 1 } }
    /// Adds received body bytes.
    public func recordBytes(_ count: Int) { state.withLock { $0.bytesReceived += count } }
}
