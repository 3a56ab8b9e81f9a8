import Foundation

/// What to do after one attempt.
public enum RetryDecision: Sendable, Equatable {
    /// Keep the outcome (success, or a failure that repeating cannot fix).
    case stop
    /// Repeat the request after waiting this many milliseconds.
    case retry(afterMilliseconds: Int)
}

/// When and how long to wait before repeating a request.
///
/// - 429: wait `retry_after_ms` from a JSON body, else the `Retry-After` header (seconds), else back off
///   exponentially; counted against `maxRateLimitRetries`, since the server has not processed the request.
/// - 5xx and transient network errors: capped exponential backoff with jitter, up to `maxAttempts` attempts;
///   non-idempotent requests only when the failure happened before sending (connection refused).
/// - Everything else (2xx–4xx, including 401/403 and `M_UNKNOWN_TOKEN`): stop at once.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total for 5xx and network errors (1 = never retry). Default 5.
    public var maxAttempts: Int
    /// Retries allowed for 429 answers. Default 30.
    public var maxRateLimitRetries: Int
    /// First backoff delay, in milliseconds; doubles per attempt. Default 1 s.
    public var baseDelayMilliseconds: Int
    /// Largest backoff delay or honoured server wait, in milliseconds. Default 60 s.
    public var maxDelayMilliseconds: Int

    /// Creates a policy; every parameter has the documented default.
    public init(maxAttempts: Int = 5, maxRateLimitRetries: Int = 30, baseDelayMilliseconds: Int = 1_000, maxDelayMilliseconds: Int = 60_000) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxRateLimitRetries = max(0, maxRateLimitRetries)
        self.baseDelayMilliseconds = max(0, baseDelayMilliseconds)
        self.maxDelayMilliseconds = max(0, maxDelayMilliseconds)
    }

    /// A policy that never retries.
    public static let never = RetryPolicy(maxAttempts: 1, maxRateLimitRetries: 0)

    /// Backoff before retry number `retry` (1-based): base·2^(retry-1), capped, then scaled by a jitter
    /// factor in [0.5, 1] so that parallel workers do not retry in lockstep.
    /// - Parameter jitter: a number in [0, 1).
    public func backoffMilliseconds(retry: Int, jitter: Double) -> Int {
        let exponent = min(max(retry - 1, 0), 30)
        let raw = min(Double(baseDelayMilliseconds) * pow(2, Double(exponent)), Double(maxDelayMilliseconds))
        let factor = 0.5 + 0.5 * min(max(jitter, 0), 1)
        return Int(raw * factor)
    }

    /// Decides after a response.
    /// - Parameters:
    ///   - response: the response received.
    ///   - request: the request that produced it.
    ///   - failedAttempts: earlier 5xx/network failures of this request (not counting this one).
    ///   - rateLimitRetries: earlier 429 retries of this request.
    ///   - jitter: a number in [0, 1).
    public func decide(
        after response: HTTPResponse, of request: HTTPRequest, failedAttempts: Int, rateLimitRetries: Int, jitter: Double
    ) -> RetryDecision {
        if response.status == 429 {
            guard rateLimitRetries < maxRateLimitRetries else { return .stop }
            let wait = Self.serverWaitMilliseconds(response)
                ?? backoffMilliseconds(retry: rateLimitRetries + 1, jitter: jitter)
            return .retry(afterMilliseconds: min(max(wait, 0), maxDelayMilliseconds))
        }
        if (500...599).contains(response.status), request.isIdempotent, failedAttempts + 1 < maxAttempts {
            return .retry(afterMilliseconds: backoffMilliseconds(retry: failedAttempts + 1, jitter: jitter))
        }
        return .stop
    }

    /// Decides after a failure without a response.
    public func decide(after error: HTTPClientError, of request: HTTPRequest, failedAttempts: Int, jitter: Double) -> RetryDecision {
        guard error.isTransient, request.isIdempotent || error.isBeforeSending, failedAttempts + 1 < maxAttempts else {
            return .stop
        }
        return .retry(afterMilliseconds: backoffMilliseconds(retry: failedAttempts + 1, jitter: jitter))
    }

    /// The wait a 429 asks for: `retry_after_ms` of a Matrix JSON error body, else `Retry-After` seconds.
    public static func serverWaitMilliseconds(_ response: HTTPResponse) -> Int? {
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let value = object["retry_after_ms"] as? NSNumber, value.doubleValue.isFinite, value.doubleValue >= 0 {
            return Int(min(value.doubleValue, Double(Int32.max)))
        }
        if let header = response.headers["Retry-After"]?.trimmingCharacters(in: .whitespaces),
           let seconds = Int(header), seconds >= 0 {
            return min(seconds, Int(Int32.max) / 1000) * 1000
        }
        return nil
    }
}
