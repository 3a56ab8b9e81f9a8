import Foundation
import Migration
import SocialDomain
import SocialStore
@testable import Sync
import Testing

/// The application-service API as Synapse calls it (Matrix spec `application-service-api.md`).
@Suite struct AppServiceEndpointTests {
    private func endpoint(_ fixture: TransitionFixture) -> AppServiceEndpoint {
        let registration = AppServiceRegistration(id: "socialbridge", url: "http://127.0.0.1:1", asToken: "as", hsToken: "hs-secret",
                                                  senderLocalpart: "socialbridge", serverName: "decentraland.zone")
        return AppServiceEndpoint(registration: registration, engine: fixture.syncEngine())
    }

    @Test("authentication: missing 401 M_UNAUTHORIZED, wrong 403 M_FORBIDDEN, Bearer header or access_token query accepted")
    func authentication() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let api = endpoint(fixture)
        let body = Array(#"{"events":[]}"#.utf8)
        let missing = await api.respond(method: "PUT", path: "/_matrix/app/v1/transactions/1", query: nil, authorization: nil, body: body)
        #expect(missing.status == 401 && missing.body.contains("M_UNAUTHORIZED"))
        let wrong = await api.respond(method: "PUT", path: "/_matrix/app/v1/transactions/1", query: nil, authorization: "Bearer hs-secreT", body: body)
        #expect(wrong.status == 403 && wrong.body.contains("M_FORBIDDEN"))
        let shorter = await api.respond(method: "PUT", path: "/_matrix/app/v1/transactions/1", query: "access_token=hs", authorization: nil, body: body)
        #expect(shorter.status == 403)
        let header = await api.respond(method: "PUT", path: "/_matrix/app/v1/transactions/1", query: nil, authorization: "Bearer hs-secret", body: body)
        #expect(header == AppServiceAnswer(status: 200, body: "{}"))
        let query = await api.respond(method: "PUT", path: "/_matrix/app/v1/transactions/2", query: "access_token=hs-secret", authorization: nil, body: body)
        #expect(query.status == 200)
    }

    @Test("bodies: not JSON 400 M_NOT_JSON, no events array 400 M_BAD_JSON, over 16 MiB 413 M_TOO_LARGE")
    func badBodies() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let api = endpoint(fixture)
        func put(_ body: [UInt8]) async -> AppServiceAnswer {
            await api.respond(method: "PUT", path: "/_matrix/app/v1/transactions/5", query: nil, authorization: "Bearer hs-secret", body: body)
        }
        #expect(await put(Array("not json".utf8)).body.contains("M_NOT_JSON"))
        #expect(await put(Array("{\"events\":".utf8)).status == 400)
        #expect(await put(Array(#"{"events":{}}"#.utf8)).body.contains("M_BAD_JSON"))
        #expect(await put(Array(#"[1,2]"#.utf8)).body.contains("M_BAD_JSON"))
        let large = await put([UInt8](repeating: 0x20, count: AppServiceEndpoint.maximumBodySize + 1))
        #expect(large.status == 413 && large.body.contains("M_TOO_LARGE"))
        // Nothing was recorded for the refused bodies.
        #expect(try !fixture.store.hasAppServiceTransaction(id: "5", bodyDigest: ""))
    }

    @Test("users and rooms queries 404 M_NOT_FOUND, ping 200 {}, unknown paths 404, wrong methods 405")
    func otherEndpoints() async throws {
        let fixture = try TransitionFixture(mirror: false)
        defer { fixture.cleanUp() }
        let api = endpoint(fixture)
        func call(_ method: String, _ path: String) async -> AppServiceAnswer {
            await api.respond(method: method, path: path, query: nil, authorization: "Bearer hs-secret", body: [])
        }
        #expect(await call("GET", "/_matrix/app/v1/users/%400xabc%3Adecentraland.zone").body.contains("M_NOT_FOUND"))
        #expect(await call("GET", "/_matrix/app/v1/rooms/%23a%3Ab").status == 404)
        #expect(await call("POST", "/_matrix/app/v1/ping") == AppServiceAnswer(status: 200, body: "{}"))
        #expect(await call("GET", "/_matrix/app/v1/transactions/1").status == 405)
        #expect(await call("GET", "/_matrix/app/v2/whatever").status == 404)
        #expect(AppServiceEndpoint.handles(path: "/_matrix/app/v1/ping"))
        #expect(!AppServiceEndpoint.handles(path: "/metrics"))
    }

    @Test("constant-time comparison is equality")
    func comparison() {
        #expect(AppServiceEndpoint.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!AppServiceEndpoint.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!AppServiceEndpoint.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!AppServiceEndpoint.constantTimeEqual([], Array("a".utf8)))
    }
}

/// The registration file `generate-registration` writes and `serve --registration` reads.
@Suite struct AppServiceRegistrationTests {
    @Test("generated tokens are 64 hex characters, distinct; the YAML round-trips; the namespaces are regex-escaped")
    func generateAndParse() throws {
        let registration = try AppServiceRegistration.generate(url: "http://127.0.0.1:8085", serverName: "decentraland.zone:8448")
        #expect(registration.asToken.count == 64 && registration.hsToken.count == 64)
        #expect(registration.asToken.allSatisfy(\.isHexDigit) && registration.asToken != registration.hsToken)
        let other = try AppServiceRegistration.generate(url: "http://x", serverName: "x")
        #expect(other.asToken != registration.asToken)
        #expect(registration.userNamespace == "@0x[0-9a-fA-F]{40}:decentraland\\.zone:8448")
        #expect(registration.aliasNamespace == "#0x[0-9a-fA-F]{40}\\+0x[0-9a-fA-F]{40}:decentraland\\.zone:8448")
        let parsed = try AppServiceRegistration.parse(registration.yaml)
        #expect(parsed == registration)
        #expect(registration.yaml.contains("rate_limited: false"))
    }

    @Test("a registration missing a token is refused naming the key")
    func missingKey() {
        #expect(throws: RegistrationError.missingKey("r.yaml", "hs_token")) {
            try AppServiceRegistration.parse("id: x\nas_token: a\nsender_localpart: s\n", path: "r.yaml")
        }
    }
}
