import CurlHTTP
import Testing

@Suite("HTTP value types")
struct HTTPValueTests {
    @Test func headerLookupIsCaseInsensitive() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add("set-cookie", "a=1")
        headers.add("Set-Cookie", "b=2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values("SET-COOKIE") == ["a=1", "b=2"])
        headers.set("CONTENT-TYPE", "text/plain")
        #expect(headers.values("content-type") == ["text/plain"])
        headers.remove("set-cookie")
        #expect(headers["Set-Cookie"] == nil)
    }

    @Test func descriptionsNeverShowCredentials() {
        let request = HTTPRequest(
            method: .post, url: "http://h/_matrix/client/v3/sync?access_token=secret123&since=s1",
            headers: ["Authorization": "Bearer secret456", "Accept": "application/json"], body: Array("{}".utf8))
        let text = request.description + "\(request)"
        #expect(!text.contains("secret123"))
        #expect(!text.contains("secret456"))
        #expect(text.contains("since=s1"))
        #expect(text.contains("Authorization: <redacted>"))
    }

    @Test func idempotencyFollowsMethodUnlessOverridden() {
        #expect(HTTPRequest(method: .put, url: "http://h/").isIdempotent)
        #expect(!HTTPRequest(method: .post, url: "http://h/").isIdempotent)
        #expect(HTTPRequest(method: .post, url: "http://h/", isIdempotent: true).isIdempotent)
    }

    @Test func invalidSchemeIsATypedError() async {
        let client = CurlHTTPClient()
        await #expect(throws: HTTPClientError.invalidRequest("unsupported URL scheme")) {
            _ = try await client.send(HTTPRequest(url: "file:///etc/passwd"))
        }
    }

    @Test func refusedConnectionIsConnectFailed() async throws {
        // Port 9 on loopback (discard) is closed on this machine class; a refusal must map to connectFailed.
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeoutMilliseconds: 2_000))
        do {
            _ = try await client.send(HTTPRequest(url: "http://127.0.0.1:9/"))
            Issue.record("expected a failure")
        } catch {
            #expect(error.isBeforeSending || error.isTransient)
        }
    }
}
