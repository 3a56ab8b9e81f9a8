import Foundation
import Testing
import Authentication
import BridgeDaemon
import BridgeTestSupport
import CurlHTTP
import SocialStore

/// `GET /health` and `GET /metrics` beside the WebSocket endpoint, and the refusal counters behind them.
@Suite struct OperatorHTTPTests {
    @Test func refusedCredentialsAreCountedByReasonAndServedAtMetrics() async throws {
        let metrics = ServerMetrics()
        let authenticator = CredentialConnectionAuthenticator(
            CredentialAuthenticator(authChainVerifier: AuthChainVerifier(), matrixAuthenticator: nil), metrics: metrics)
        await #expect(throws: (any Error).self) { _ = try await authenticator.authenticate(credential: Array("not json".utf8)) }
        await #expect(throws: (any Error).self) {
            _ = try await authenticator.authenticate(credential: Array(#"{"matrix_access_token":"t"}"#.utf8))
        }
        #expect(metrics.value("socialbridge_auth_refused_total", labels: #"reason="bad_json""#) == 1)
        #expect(metrics.value("socialbridge_auth_refused_total", labels: #"reason="credential_kind_disabled""#) == 1)
        #expect(metrics.value("socialbridge_auth_accepted_total") == 0)

        let directory = try makeTemporaryDirectory("operator-http")
        let store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
        let server = SocialServer(store: store, authenticator: authenticator, metrics: metrics, log: .silent)
        let port = try server.start()
        defer { server.stop() }
        let client = CurlHTTPClient()
        defer { client.shutdown() }

        let health = try await client.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/health"))
        #expect(health.status == 200)
        #expect(String(decoding: health.body, as: UTF8.self) == "ok\n")

        let scrape = try await client.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/metrics"))
        let text = String(decoding: scrape.body, as: UTF8.self)
        #expect(scrape.status == 200)
        #expect(text.contains(#"socialbridge_auth_refused_total{reason="bad_json"} 1"#))
        #expect(text.contains("socialbridge_rpc_sessions 0"))

        let missing = try await client.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/nope"))
        #expect(missing.status == 404)
    }
}
