import CurlHTTP
import MatrixClient
import Testing

@Suite("Matrix errors")
struct ErrorMappingTests {
    private func client(_ response: HTTPResponse) -> MatrixClient {
        MatrixClient(homeserver: "http://hs", accessToken: "s3cr3t-token", transport: FakeHomeserver { _, _, _ in response })
    }

    @Test func unknownTokenStopsWithUnauthorized() async {
        let error = await #expect(throws: MatrixError.self) {
            _ = try await client(json(401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed."}"#)).whoAmI()
        }
        #expect(error?.kind == .unauthorized)
        #expect(error?.errcode == "M_UNKNOWN_TOKEN")
        #expect(error?.status == 401)
        #expect(error?.endpoint == "GET /_matrix/client/v3/account/whoami")
        #expect(error?.isAuthorizationFailure == true)
    }

    @Test func forbiddenWithoutBodyIsUnauthorized() async {
        let error = await #expect(throws: MatrixError.self) { _ = try await client(HTTPResponse(status: 403)).allRooms() }
        #expect(error?.kind == .unauthorized)
    }

    @Test func malformedJSONNamesTheEndpoint() async {
        let error = await #expect(throws: MatrixError.self) {
            _ = try await client(json(#"{"state":[{"type":"m.room.member","sen"#)).adminRoomState("!r:s")
        }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.endpoint == "GET /_synapse/admin/v1/rooms/%21r%3As/state")
        #expect(error?.description.contains("/state") == true)
    }

    @Test func wrongShapeIsMalformedNotACrash() async {
        let error = await #expect(throws: MatrixError.self) { _ = try await client(json(#"{"users":{"a":1}}"#)).listUsers() }
        #expect(error?.kind == .malformedResponse)
        let garbage = await #expect(throws: MatrixError.self) { _ = try await client(json("<html>bad gateway</html>")).listRooms() }
        #expect(garbage?.kind == .malformedResponse)
    }

    @Test func notFoundAccountDataIsAbsent() async throws {
        let value = try await client(json(404, #"{"errcode":"M_NOT_FOUND","error":"Account data not found"}"#))
            .accountData("@u:hs", type: "m.direct")
        #expect(value == nil)
        #expect(try await client(json(404, #"{"errcode":"M_NOT_FOUND"}"#)).resolveAlias("#a:b") == nil)
    }

    @Test func unknownRoomIsNotFound() async {
        let error = await #expect(throws: MatrixError.self) {
            _ = try await client(json(404, #"{"errcode":"M_NOT_FOUND","error":"Room not found"}"#)).adminRoomState("!gone:hs")
        }
        #expect(error?.isNotFound == true)
    }

    @Test func transportFailuresAreWrapped() async {
        struct Failing: HTTPTransport {
            func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse { throw .timeout("stalled") }
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "t", transport: Failing())
        let error = await #expect(throws: MatrixError.self) { _ = try await client.whoAmI() }
        #expect(error?.kind == .transport(.timeout("stalled")))
    }

    @Test func tokenNeverAppearsInDescriptions() async {
        let client = client(json(500, #"{"errcode":"M_UNKNOWN","error":"boom"}"#))
        var dumped = ""
        dump(client, to: &dumped)
        let texts = [client.description, "\(client)", String(describing: client.accessToken), String(reflecting: client.accessToken), dumped]
        for text in texts { #expect(!text.contains("s3cr3t-token")) }
        let error = await #expect(throws: MatrixError.self) { _ = try await client.whoAmI() }
        #expect(error?.kind == .server)
        #expect(error.map { !"\($0)".contains("s3cr3t-token") } == true)
    }
}
