import CurlHTTP
import MatrixClient
import Testing

@Suite("Client-server endpoints over a fake homeserver")
struct ClientServerTests {
    @Test func stateWritesUseEmptyAndPerUserKeys() async throws {
        let server = FakeHomeserver { request, path, _ in
            request.method == .put ? json(#"{"event_id":"$e\#(path.count)"}"#) : nil
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        let content: JSONValue = .object(["type": .string("request"), "message": .string("hi")])
        _ = try await client.putState("!r:hs", type: "org.decentraland.friendship", stateKey: "", content: content)
        _ = try await client.putState("!r:hs", type: "org.decentraland.friendship", stateKey: "@0xa:hs", content: content)
        _ = try await client.sendEvent("!r:hs", type: "m.room.message", transactionID: "socialbridge-1", content: .object(["msgtype": .string("m.text"), "body": .string("hi")]))
        let paths = server.requests.map { FakeHomeserver.split($0.url).0 }
        #expect(paths == [
            "/_matrix/client/v3/rooms/%21r%3Ahs/state/org.decentraland.friendship/",
            "/_matrix/client/v3/rooms/%21r%3Ahs/state/org.decentraland.friendship/%400xa%3Ahs",
            "/_matrix/client/v3/rooms/%21r%3Ahs/send/m.room.message/socialbridge-1",
        ])
        let body = try #require(server.requests.first?.body)
        #expect(String(decoding: body, as: UTF8.self).contains(#""type":"request""#))
        #expect(server.requests.first?.headers["Content-Type"] == "application/json")
    }

    @Test func createRoomIsNotRetryableAndSendsLegacyShape() async throws {
        let server = FakeHomeserver { request, path, _ in
            guard path == "/_matrix/client/v3/createRoom" else { return nil }
            #expect(!request.isIdempotent)
            let text = String(decoding: request.body ?? [], as: UTF8.self)
            #expect(text.contains(#""preset":"trusted_private_chat""#))
            #expect(text.contains(#""room_alias_name":"0xa+0xb""#))
            #expect(text.contains(#""is_direct":true"#))
            return json(#"{"room_id":"!new"}"#)
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "tok", transport: server)
        #expect(try await client.createRoom(.directMessage(aliasName: "0xa+0xb", invite: "@0xb:hs")) == "!new")
    }

    @Test func whoAmIGivesServerName() async throws {
        let server = FakeHomeserver { _, _, _ in json(#"{"user_id":"@admin:decentraland.zone","device_id":"D","is_guest":false}"#) }
        let me = try await MatrixClient(homeserver: "http://hs", accessToken: "t", transport: server).whoAmI()
        #expect(me.serverName == "decentraland.zone")
        #expect(WhoAmI(userID: "@nocolon").serverName == nil)
    }

    @Test func thumbnailURLsForMXC() {
        let client = MatrixClient(homeserver: "https://hs.example/", accessToken: "t", transport: FakeHomeserver { _, _, _ in nil })
        #expect(client.thumbnailURL(forMXC: "mxc://decentraland.zone/AbC123")
            == "https://hs.example/_matrix/media/v3/thumbnail/decentraland.zone/AbC123?width=256&height=256&method=scale")
        #expect(client.thumbnailURL(forMXC: "https://x/y") == nil)
        #expect(client.thumbnailURL(forMXC: "mxc://server") == nil)
        #expect(client.thumbnailURL(forMXC: "mxc://server/a/b") == nil)
    }

    @Test func profileAndMissingProfile() async throws {
        let server = FakeHomeserver { _, path, _ in
            path.hasSuffix("%40known%3Ahs") ? json(#"{"displayname":"K","avatar_url":"mxc://hs/x"}"#) : json(404, #"{"errcode":"M_NOT_FOUND"}"#)
        }
        let client = MatrixClient(homeserver: "http://hs", accessToken: "t", transport: server)
        #expect(try await client.profile("@known:hs") == MatrixProfile(displayName: "K", avatarURL: "mxc://hs/x"))
        #expect(try await client.profile("@unknown:hs") == nil)
    }
}
