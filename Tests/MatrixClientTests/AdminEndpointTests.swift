import CurlHTTP
import MatrixClient
import Testing

@Suite("Admin endpoints over a fake homeserver")
struct AdminEndpointTests {
    @Test func usersArePagedWithStringTokensAndLenientFlags() async throws {
        let server = FakeHomeserver { _, path, query in
            guard path == "/_synapse/admin/v2/users" else { return nil }
            #expect(query["guests"] == "false")
            #expect(query["deactivated"] == "true")
            return query["from"] == "2" ? json(Recorded.usersPage2) : json(Recorded.usersPage1)
        }
        let client = MatrixClient(homeserver: "http://hs/", accessToken: "tok", transport: server)
        let users = try await client.allUsers(pageSize: 2)
        #expect(users.map(\.name) == [
            "@0x1111111111111111111111111111111111111111:decentraland.zone", "@admin:decentraland.zone", "@bot:decentraland.zone",
        ])
        #expect(users[1].isAdmin)
        #expect(!users[1].isDeactivated)
        #expect(users[2].isDeactivated)
        #expect(users[2].userType == "bot")
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.headers["Authorization"] == "Bearer tok" })
    }

    @Test func repeatingUserTokenIsAnErrorNotALoop() async {
        let server = FakeHomeserver { _, _, _ in json(#"{"users":[{"name":"@a:b"}],"next_token":"7"}"#) }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        await #expect(throws: MatrixError.self) { _ = try await client.allUsers() }
        #expect(server.requests.count == 2)
    }

    @Test func roomsAcceptNextBatchOrNextTokenAndDedupe() async throws {
        let server = FakeHomeserver { _, path, query in
            guard path == "/_synapse/admin/v1/rooms" else { return nil }
            #expect(query["order_by"] == "name")
            #expect(query["dir"] == "f")
            switch query["from"] {
            case "0": return json(Recorded.roomsPage)
            // A room created meanwhile shifted the list: the second page repeats the v12 room.
            case "2": return json(#"{"rooms":[{"room_id":"!v12OpaqueRoomIdWithoutServer"},{"room_id":"!z:decentraland.zone"}],"next_token":"4","total_rooms":4}"#)
            default: return json(#"{"rooms":[],"total_rooms":4}"#)
            }
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        let rooms = try await client.allRooms(pageSize: 2)
        #expect(rooms.map(\.roomID) == ["!aBcDeF:decentraland.zone", "!v12OpaqueRoomIdWithoutServer", "!z:decentraland.zone"])
        #expect(rooms[0].canonicalAlias?.hasPrefix("#0x1111") == true)
        #expect(rooms[1].roomType == "channel")
        #expect(server.requests.count == 3)
    }

    @Test(arguments: ["!aBcDeF:decentraland.zone", "!v12OpaqueRoomIdWithoutServer"])
    func roomIdsOfBothShapesAreEncodedInPaths(roomID: String) async throws {
        let server = FakeHomeserver { _, path, _ in
            path.hasPrefix("/_synapse/admin/v1/rooms/%21") && path.hasSuffix("/state") ? json(Recorded.roomState) : nil
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        let state = try await client.adminRoomState(roomID)
        #expect(state.count == 5)
        let url = try #require(server.requests.first?.url)
        #expect(url.contains(MatrixPath.encode(roomID)))
        #expect(!url.contains("!"))
        #expect(!roomID.contains(":") || url.contains("%3A"))
    }

    @Test func accountDataAndLoginAsUser() async throws {
        let server = FakeHomeserver { request, path, _ in
            switch (request.method, path) {
            case (.get, "/_synapse/admin/v1/users/%40u%3Ahs/accountdata"): return json(Recorded.accountData)
            case (.post, "/_synapse/admin/v1/users/%40u%3Ahs/login"):
                #expect(request.body.map { String(decoding: $0, as: UTF8.self) } == #"{"valid_until_ms":42}"#)
                return json(#"{"access_token":"puppet"}"#)
            default: return nil
            }
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        #expect(try await client.adminAccountData("@u:hs").direct?.objectValue?.count == 3)
        #expect(try await client.loginAsUser("@u:hs", validUntilMilliseconds: 42) == "puppet")
    }

    @Test func identifiersArePercentEncoded() {
        #expect(MatrixPath.encode("!a:b") == "%21a%3Ab")
        #expect(MatrixPath.encode("@0xAb:decentraland.zone") == "%400xAb%3Adecentraland.zone")
        #expect(MatrixPath.encode("#0xa+0xb:s") == "%230xa%2B0xb%3As")
        #expect(MatrixPath.encode("a/b?c&d=e f") == "a%2Fb%3Fc%26d%3De%20f")
        #expect(MatrixPath.encode("é") == "%C3%A9")
    }

    @Test func emptyIdentifierIsRefusedBeforeSending() async {
        let server = FakeHomeserver { _, _, _ in json("{}") }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        await #expect(throws: MatrixError.self) { _ = try await client.adminRoomState("") }
        #expect(server.requests.isEmpty)
    }
}
