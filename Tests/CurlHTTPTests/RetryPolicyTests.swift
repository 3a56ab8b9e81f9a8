import CurlHTTP
import Testing

@Suite("RetryPolicy decisions")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, maxRateLimitRetries: 3, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 60_000)
    let get = HTTPRequest(url: "http://127.0.0.1/x")
    let post = HTTPRequest(method: .post, url: "http://127.0.0.1/createRoom")

    private func response(_ status: Int, body: String = "", headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test func honoursRetryAfterMillisecondsInBody() {
        let answer = response(429, body: #"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":1234}"#, headers: ["Retry-After": "9"])
        #expect(policy.decide(after: answer, of: get, failedAttempts: 0, rateLimitRetries: 0, jitter: 0.3) == .retry(afterMilliseconds: 1234))
    }

    @Test func fallsBackToRetryAfterHeaderSeconds() {
        let answer = response(429, body: "<html>slow down</html>", headers: ["retry-after": " 3 "])
        #expect(policy.decide(after: answer, of: get, failedAttempts: 0, rateLimitRetries: 0, jitter: 0.3) == .retry(afterMilliseconds: 3000))
    }

    @Test func bareRateLimitBacksOffExponentially() {
        let answer = response(429)
        #expect(policy.decide(after: answer, of: get, failedAttempts: 0, rateLimitRetries: 0, jitter: 1) == .retry(afterMilliseconds: 1000))
        #expect(policy.decide(after: answer, of: get, failedAttempts: 0, rateLimitRetries: 2, jitter: 1) == .retry(afterMilliseconds: 4000))
        #expect(policy.decide(after: answer, of: get, failedAttempts: 0, rateLimitRetries: 3, jitter: 1) == .stop)
    }

    @Test func rateLimitRetriesEvenNonIdempotentRequests() {
        #expect(policy.decide(after: response(429), of: post, failedAttempts: 0, rateLimitRetries: 0, jitter: 0) == .retry(afterMilliseconds: 500))
    }

    @Test func serverWaitIsCappedAtMaximumDelay() {
        let answer = response(429, body: #"{"retry_after_ms": 999999999}"#)
        #expect(policy.decide(after: answer, of: get, failedAttempts: 0, rateLimitRetries: 0, jitter: 0) == .retry(afterMilliseconds: 60_000))
    }

    @Test func backoffDoublesAndIsCappedWithJitter() {
        #expect(policy.backoffMilliseconds(retry: 1, jitter: 1) == 1_000)
        #expect(policy.backoffMilliseconds(retry: 2, jitter: 1) == 2_000)
        #expect(policy.backoffMilliseconds(retry: 3, jitter: 0) == 2_000)
        #expect(policy.backoffMilliseconds(retry: 10, jitter: 1) == 60_000)
        #expect(policy.backoffMilliseconds(retry: 1_000, jitter: 1) == 60_000)
    }

    @Test func serverErrorsRetryUntilMaxAttempts() {
        #expect(policy.decide(after: response(502), of: get, failedAttempts: 0, rateLimitRetries: 0, jitter: 1) == .retry(afterMilliseconds: 1000))
        #expect(policy.decide(after: response(500), of: get, failedAttempts: 2, rateLimitRetries: 0, jitter: 1) == .retry(afterMilliseconds: 4000))
        #expect(policy.decide(after: response(500), of: get, failedAttempts: 3, rateLimitRetries: 0, jitter: 1) == .stop)
    }

    @Test func serverErrorsOnNonIdempotentRequestsStop() {
        #expect(policy.decide(after: response(500), of: post, failedAttempts: 0, rateLimitRetries: 0, jitter: 1) == .stop)
    }

    @Test(arguments: [200, 201, 400, 401, 403, 404])
    func otherStatusesStopAtOnce(status: Int) {
        let body = status == 401 ? #"{"errcode":"M_UNKNOWN_TOKEN","error":"Unknown token"}"# : "{}"
        #expect(policy.decide(after: response(status, body: body), of: get, failedAttempts: 0, rateLimitRetries: 0, jitter: 1) == .stop)
    }

    @Test func networkErrorsRetryWhenSafe() {
        #expect(policy.decide(after: .timeout("t"), of: get, failedAttempts: 0, jitter: 1) == .retry(afterMilliseconds: 1000))
        #expect(policy.decide(after: .transport(code: 56, message: "reset"), of: get, failedAttempts: 1, jitter: 1) == .retry(afterMilliseconds: 2000))
        #expect(policy.decide(after: .connectFailed("refused"), of: post, failedAttempts: 0, jitter: 1) == .retry(afterMilliseconds: 1000))
        #expect(policy.decide(after: .timeout("t"), of: post, failedAttempts: 0, jitter: 1) == .stop)
        #expect(policy.decide(after: .bodyTooLarge(limit: 10), of: get, failedAttempts: 0, jitter: 1) == .stop)
        #expect(policy.decide(after: .cancelled, of: get, failedAttempts: 0, jitter: 1) == .stop)
        #expect(policy.decide(after: .timeout("t"), of: get, failedAttempts: 3, jitter: 1) == .stop)
    }

    @Test func malformedRetryAfterValuesAreIgnored() {
        #expect(RetryPolicy.serverWaitMilliseconds(response(429, body: #"{"retry_after_ms":"soon"}"#, headers: ["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"])) == nil)
        #expect(RetryPolicy.serverWaitMilliseconds(response(429, body: #"{"retry_after_ms":-5}"#)) == nil)
    }
}
