import CurlHTTP
import Synchronization
import Testing

/// Replays scripted outcomes and records the requests it saw.
final class ScriptedTransport: HTTPTransport {
    private let script: Mutex<[Result<HTTPResponse, HTTPClientError>]>
    private let seen = Mutex<[HTTPRequest]>([])

    init(_ script: [Result<HTTPResponse, HTTPClientError>]) { self.script = Mutex(script) }

    var requests: [HTTPRequest] { seen.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        seen.withLock { $0.append(request) }
        let next = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        guard let next else { return HTTPResponse(status: 599) }
        return try next.get()
    }
}

/// Records requested sleeps instead of sleeping.
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Int]>([])
    var recorded: [Int] { waits.withLock { $0 } }
    var sleeper: RetryingTransport.Sleeper { { [self] milliseconds in waits.withLock { $0.append(milliseconds) } } }
}

@Suite("RetryingTransport")
struct RetryingTransportTests {
    @Test func retriesRateLimitThenServerErrorThenSucceeds() async throws {
        let base = ScriptedTransport([
            .success(HTTPResponse(status: 429, body: Array(#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":250}"#.utf8))),
            .success(HTTPResponse(status: 503)),
            .failure(.transport(code: 18, message: "partial")),
            .success(HTTPResponse(status: 200, body: Array("ok".utf8))),
        ])
        let sleeps = SleepRecorder()
        let counters = HTTPCounters()
        let transport = RetryingTransport(base, policy: RetryPolicy(), counters: counters, sleep: sleeps.sleeper, random: { 0.999 })
        let response = try await transport.send(HTTPRequest(url: "http://127.0.0.1/a"))
        #expect(response.status == 200)
        #expect(response.text == "ok")
        #expect(base.requests.count == 4)
        #expect(sleeps.recorded.count == 3)
        #expect(sleeps.recorded.first == 250)
        #expect(counters.snapshot.retries == 3)
    }

    @Test func unauthorizedIsReturnedAtOnce() async throws {
        let base = ScriptedTransport([.success(HTTPResponse(status: 401, body: Array(#"{"errcode":"M_UNKNOWN_TOKEN"}"#.utf8)))])
        let sleeps = SleepRecorder()
        let transport = RetryingTransport(base, sleep: sleeps.sleeper)
        let response = try await transport.send(HTTPRequest(url: "http://127.0.0.1/a"))
        #expect(response.status == 401)
        #expect(base.requests.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test func lastNetworkErrorIsThrownAfterMaxAttempts() async {
        let base = ScriptedTransport(Array(repeating: .failure(.timeout("slow")), count: 10))
        let sleeps = SleepRecorder()
        let transport = RetryingTransport(base, policy: RetryPolicy(maxAttempts: 3), sleep: sleeps.sleeper)
        await #expect(throws: HTTPClientError.timeout("slow")) {
            _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1/a"))
        }
        #expect(base.requests.count == 3)
        #expect(sleeps.recorded.count == 2)
    }
}
