import BridgeTestSupport
import CurlHTTP
import Foundation
import Testing

/// libcurl against the Python fault proxy answering by itself (no upstream).
@Suite("CurlHTTPClient over loopback", .enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
struct CurlClientLiveTests {
    static let rules = #"""
    [{"path": "/echo", "action": "echo"},
     {"path": "/gzip", "action": "respond", "body": {"compressed": "yes, really"}, "gzip": true, "headers": {"Content-Type": "application/json"}},
     {"path": "/slow", "action": "respond", "body": "done", "delay_ms": 150},
     {"path": "/hang", "action": "hang"},
     {"path": "/truncated", "action": "truncate"},
     {"path": "/big", "action": "respond", "body": "\#(String(repeating: "x", count: 50_000))"},
     {"path": "/redirect", "action": "respond", "status": 302, "headers": {"Location": "/echo"}},
     {"path": "/limited", "action": "429", "retry_after_ms": 5, "times": 2},
     {"path": "/limited", "action": "respond", "body": "finally"},
     {"path": "/flaky", "action": "500", "times": 1},
     {"path": "/flaky", "action": "429_header", "retry_after": 0, "times": 1},
     {"path": "/flaky", "action": "respond", "body": "ok"}]
    """#

    private func stats(_ proxy: FaultProxyProcess, _ client: CurlHTTPClient) async throws -> [String: Any] {
        let response = try await client.send(HTTPRequest(url: proxy.statsURL))
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    @Test func sendsMethodHeadersAndBodyAndKeepsCredentialsOutOfDescriptions() async throws {
        let proxy = try FaultProxyProcess(rules: Self.rules)
        defer { proxy.stop() }
        let client = CurlHTTPClient()
        let request = HTTPRequest(
            method: .put, url: proxy.baseURL + "/echo?x=%21a%3Ab",
            headers: ["Authorization": "Bearer top-secret", "Content-Type": "application/json", "X-Evil": "a\r\nInjected: 1"],
            body: Array(#"{"type":"request"}"#.utf8))
        let response = try await client.send(request)
        #expect(response.status == 200)
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(echo["method"] as? String == "PUT")
        #expect(echo["path"] as? String == "/echo?x=%21a%3Ab")
        #expect(echo["body"] as? String == #"{"type":"request"}"#)
        let headers = (echo["headers"] as? [[String]] ?? []).map { ($0.first ?? "").lowercased() }
        #expect(headers.contains("authorization"))
        #expect(!headers.contains("expect"))
        #expect(!headers.contains("injected"))
        #expect(!headers.contains("x-evil"))
        #expect(!request.description.contains("top-secret"))
        #expect(client.counters.snapshot.requests == 1)
    }

    @Test func emptyPostAndDeleteAndHead() async throws {
        let proxy = try FaultProxyProcess(rules: Self.rules)
        defer { proxy.stop() }
        let client = CurlHTTPClient()
        for method in [HTTPMethod.post, .delete, .get] {
            let response = try await client.send(HTTPRequest(method: method, url: proxy.baseURL + "/echo"))
            let echo = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            #expect(echo?["method"] as? String == method.rawValue)
            #expect(echo?["body"] as? String == "")
        }
        let head = try await client.send(HTTPRequest(method: .head, url: proxy.baseURL + "/echo"))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test func gzipIsDecodedAndRedirectsAreNotFollowed() async throws {
        let proxy = try FaultProxyProcess(rules: Self.rules)
        defer { proxy.stop() }
        let client = CurlHTTPClient()
        let gzipped = try await client.send(HTTPRequest(url: proxy.baseURL + "/gzip"))
        #expect(gzipped.headers["content-encoding"] == "gzip")
        #expect(gzipped.text == #"{"compressed": "yes, really"}"#)
        let redirect = try await client.send(HTTPRequest(method: .post, url: proxy.baseURL + "/redirect", body: []))
        #expect(redirect.status == 302)
        #expect(redirect.headers["Location"] == "/echo")
    }

    @Test func failuresAreTyped() async throws {
        let proxy = try FaultProxyProcess(rules: Self.rules)
        defer { proxy.stop() }
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(maxBodyBytes: 10_000))
        await #expect(throws: HTTPClientError.bodyTooLarge(limit: 10_000)) {
            _ = try await client.send(HTTPRequest(url: proxy.baseURL + "/big"))
        }
        do {
            _ = try await client.send(HTTPRequest(url: proxy.baseURL + "/hang", timeoutMilliseconds: 300))
            Issue.record("a hanging server must time out")
        } catch {
            guard case .timeout = error else { Issue.record("expected timeout, got \(error)"); return }
        }
        do {
            _ = try await client.send(HTTPRequest(url: proxy.baseURL + "/truncated"))
            Issue.record("a truncated body must fail")
        } catch {
            // No upstream: the proxy truncates its own 502 body; libcurl reports a partial transfer.
            guard case .transport(let code, _) = error else { Issue.record("expected transport, got \(error)"); return }
            #expect(code == 18)
            #expect(error.isTransient)
        }
        #expect(client.counters.snapshot.failures == 3)
    }

    @Test func cancellationAbortsAHangingTransfer() async throws {
        let proxy = try FaultProxyProcess(rules: Self.rules)
        defer { proxy.stop() }
        let client = CurlHTTPClient()
        let task = Task { () async throws(HTTPClientError) -> HTTPResponse in
            try await client.send(HTTPRequest(url: proxy.baseURL + "/hang"))
        }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect(throws: HTTPClientError.cancelled) { _ = try await task.value }
    }

    @Test func concurrencyIsBounded() async throws {
        let proxy = try FaultProxyProcess(rules: Self.rules)
        defer { proxy.stop() }
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(maxConcurrency: 3))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<9 { group.addTask { try await client.send(HTTPRequest(url: proxy.baseURL + "/slow")).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 9))
        let maxInFlight = try await stats(proxy, client)["max_in_flight"] as? Int
        #expect(maxInFlight.map { $0 >= 1 && $0 <= 3 } == true)
    }

    @Test func retryingTransportRecoversFromRateLimitsAndServerErrors() async throws {
        let proxy = try FaultProxyProcess(rules: Self.rules)
        defer { proxy.stop() }
        let client = CurlHTTPClient()
        let transport = RetryingTransport(client, policy: RetryPolicy(baseDelayMilliseconds: 5, maxDelayMilliseconds: 50), counters: client.counters)
        #expect(try await transport.send(HTTPRequest(url: proxy.baseURL + "/limited")).text == "finally")
        #expect(try await transport.send(HTTPRequest(url: proxy.baseURL + "/flaky")).text == "ok")
        #expect(client.counters.snapshot.retries == 4)
        #expect(client.counters.snapshot.requests == 6)
    }
}

@Suite("HTTPFetchBenchmark", .enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
struct HTTPFetchBenchmarkTests {
    @Test func countsSuccessesFailuresAndBytes() async throws {
        let proxy = try FaultProxyProcess(rules: #"[{"path": "/ok", "action": "respond", "body": "12345"}, {"path": "/bad", "action": "500"}]"#)
        defer { proxy.stop() }
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(maxConcurrency: 4))
        let requests = (0..<10).map { HTTPRequest(url: proxy.baseURL + ($0 == 3 ? "/bad" : "/ok")) }
        let figures = await HTTPFetchBenchmark.run(requests, using: client, concurrency: 4)
        #expect(figures.requests == 10)
        #expect(figures.succeeded == 9)
        #expect(figures.failed == 1)
        #expect(figures.bytes >= 45)
        #expect(figures.wallMilliseconds > 0)
        #expect(client.counters.snapshot.requests == 10)
    }
}
