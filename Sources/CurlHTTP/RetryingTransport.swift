/// Wraps a transport with a ``RetryPolicy``. Sleep and randomness are injected so tests never wait.
public struct RetryingTransport: HTTPTransport {
    /// Suspends for the given number of milliseconds; returning early on cancellation is fine.
    public typealias Sleeper = @Sendable (_ milliseconds: Int) async -> Void

    private let base: any HTTPTransport
    /// The policy in force.
    public let policy: RetryPolicy
    private let counters: HTTPCounters?
    private let sleep: Sleeper
    private let random: @Sendable () -> Double

    /// Creates the wrapper.
    /// - Parameters:
    ///   - base: the transport doing the work.
    ///   - policy: when to retry.
    ///   - counters: where retries are tallied (pass the client's counters).
    ///   - sleep: how to wait (default: `Task.sleep`).
    ///   - random: jitter source in [0, 1) (default: system random).
    public init(
        _ base: any HTTPTransport, policy: RetryPolicy = RetryPolicy(), counters: HTTPCounters? = nil,
        sleep: @escaping Sleeper = RetryingTransport.taskSleep, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.base = base
        self.policy = policy
        self.counters = counters
        self.sleep = sleep
        self.random = random
    }

    /// The default sleeper.
    public static let taskSleep: Sleeper = { milliseconds in
        try? await Task.sleep(for: .milliseconds(milliseconds))
    }

    /// Sends with retries; returns the last response (possibly an error status) or throws the last failure.
    /// - Throws: ``HTTPClientError`` when the last attempt got no response, or `.cancelled`.
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        var failedAttempts = 0
        var rateLimitRetries = 0
        while true {
            if Task.isCancelled { throw .cancelled }
            let decision: RetryDecision
            do {
                let response = try await base.send(request)
                decision = policy.decide(
                    after: response, of: request, failedAttempts: failedAttempts, rateLimitRetries: rateLimitRetries,
                    jitter: random())
                guard case .retry = decision else { return response }
                if response.status == 429 { rateLimitRetries += 1 } else { failedAttempts += 1 }
            } catch {
                decision = policy.decide(after: error, of: request, failedAttempts: failedAttempts, jitter: random())
                guard case .retry = decision else { throw error }
                failedAttempts += 1
            }
            if case .retry(let wait) = decision {
                counters?.recordRetry()
                await sleep(wait)
            }
        }
    }
}
