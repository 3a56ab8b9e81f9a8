import BridgeCrypto
import BridgeJSON
import BridgeTestSupport
import Foundation
import Testing

/// `social-bridge call` against a live `social-bridge serve`, both as shipped (the debug binary).
@Suite(.serialized) struct CallCommandEndToEndTests {
    static var binary: String { TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/social-bridge").path }

    /// Starts `serve` on a fresh database and an ephemeral port; returns it and its ws:// URL.
    static func startServe(in directory: URL, _ extra: [String] = [], environment: [String: String] = [:]) async throws -> (RunningProcess, String) {
        let serve = try RunningProcess(binary, [
            "serve", "--db", directory.appendingPathComponent("social.sqlite").path, "--listen", "127.0.0.1:0",
        ] + extra, environment: environment)
        #expect(await serve.waitFor { out, _ in out.contains("listening on ws://") }, "serve: \(serve.stderr)")
        let banner = serve.stdout
        let url = try #require(banner.split(separator: " ").first { $0.hasPrefix("ws://") }.map(String.init), "banner: \(banner)")
        return (serve, url)
    }

    static func call(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(binary, ["call"] + arguments, environment: environment)
    }

    @Test func unaryCallStreamWithFollowAndBadCredential() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the social-bridge product first")
        let directory = try makeTemporaryDirectory("call-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (serve, url) = try await Self.startServe(in: directory, ["--log-format", "json", "--log-level", "debug"])
        defer { serve.send(SIGKILL) }

        let alice = Secp256k1PrivateKey.random(), bob = Secp256k1PrivateKey.random()
        let aliceKey = try writePrivateFile("0x" + Hex.encode(alice.bytes) + "\n", named: "alice.key", in: directory)
        let bobKey = try writePrivateFile(Hex.encode(bob.bytes), named: "bob.key", in: directory)

        // A unary call: an auth chain signed from alice's key, the response printed as JSON.
        let friends = try Self.call(["GetFriends", "--url", url, "--private-key-file", aliceKey, "--json", #"{"pagination": {"limit": 10}}"#])
        #expect(friends.status == 0, "stderr: \(friends.stderr)")
        let page = try JSON(parsing: friends.stdout)
        #expect(page["friends"] == .array([]))
        #expect(page["pagination_data"]?["total"] == .number("0"))

        // A stream with --follow in one process while another sends a request.
        let follow = try RunningProcess(Self.binary, ["call", "SubscribeToFriendshipUpdates", "--url", url, "--private-key-file", aliceKey, "--follow"])
        #expect(await follow.waitFor { _, err in err.contains("subscribed to SubscribeToFriendshipUpdates") }, "follow: \(follow.stderr)")
        let request = try Self.call([
            "UpsertFriendship", "--url", url, "--private-key-file", bobKey,
            "--json", #"{"request": {"user": {"address": "\#(alice.address)"}, "message": "hi from bob"}}"#,
        ])
        #expect(request.status == 0, "stderr: \(request.stderr)")
        let accepted = try JSON(parsing: request.stdout)
        #expect(accepted["accepted"]?["friend"]?["address"] == .string(alice.address))
        #expect(await follow.waitFor { out, _ in out.contains("\n") }, "follow printed nothing: \(follow.stderr)")
        let update = try JSON(parsing: String(follow.stdout.split(separator: "\n").first ?? ""))
        #expect(update["request"]?["friend"]?["address"] == .string(bob.address))
        #expect(update["request"]?["message"] == .string("hi from bob"))
        // Ctrl-C ends --follow cleanly.
        follow.send(SIGINT)
        #expect(await follow.wait() == 0, "follow: \(follow.stderr)")

        let pending = try Self.call(["GetPendingFriendshipRequests", "--url", url, "--private-key-file", aliceKey])
        #expect(pending.status == 0)
        #expect(try JSON(parsing: pending.stdout)["requests"]?["requests"]?.elements?.first?["friend"]?["address"] == .string(bob.address))

        // A stream without --follow prints its first element (a fresh connectivity update) or ends quietly.
        let once = try Self.call(["SubscribeToBlockUpdates", "--url", url, "--private-key-file", aliceKey, "--timeout", "1"])
        #expect(once.status == 0, "\(once.stderr)")

        // A credential the server does not accept: a clear error and exit 1.
        let token = try writePrivateFile("syt_not_a_token", named: "token", in: directory)
        let refused = try Self.call(["GetFriends", "--url", url, "--matrix-token-file", token])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Error: the server refused the credential (close 3003 Unauthorized)"), "stderr: \(refused.stderr)")
        #expect(refused.stdout.isEmpty)

        // Usage errors exit 2 and touch nothing.
        let unknown = try Self.call(["GetFriend", "--url", url, "--private-key-file", aliceKey])
        #expect(unknown.status == 2 && unknown.stderr.contains("Unknown procedure 'GetFriend'"))
        let badJSON = try Self.call(["GetFriends", "--url", url, "--private-key-file", aliceKey, "--json", #"{"pagination": {"limit": "x"}}"#])
        #expect(badJSON.status == 2 && badJSON.stderr.contains("$.pagination.limit: expected an integer"), "\(badJSON.stderr)")
        let noCredential = try Self.call(["GetFriends", "--url", url])
        #expect(noCredential.status == 2 && noCredential.stderr.contains("Give a credential"))
        let badKey = try writePrivateFile("not-hex", named: "bad.key", in: directory)
        let badKeyResult = try Self.call(["GetFriends", "--url", url, "--private-key-file", badKey])
        #expect(badKeyResult.status == 2 && badKeyResult.stderr.contains("--private-key: private key is not 64 hex digits"))

        serve.send(SIGTERM)
        #expect(await serve.wait() == 0)
        // --log-format json: every stderr line of serve is one JSON object with ts, level and msg.
        let lines = serve.stderr.split(separator: "\n")
        #expect(lines.count >= 5, "serve stderr: \(serve.stderr)")
        for line in lines {
            let event = try JSON(parsing: String(line))
            #expect(event["ts"]?.stringValue != nil && event["level"]?.stringValue != nil && event["msg"]?.stringValue != nil, "\(line)")
        }
        #expect(lines.contains { $0.contains(#""component":"websocket""#) && $0.contains(#""level":"debug""#) })
        #expect(lines.contains { $0.contains("connection refused") && $0.contains(#""component":"social-rpc""#) })
        for secret in [Hex.encode(alice.bytes), Hex.encode(bob.bytes), "syt_not_a_token"] {
            #expect(!serve.stdout.contains(secret) && !serve.stderr.contains(secret))
            #expect(!follow.stdout.contains(secret) && !follow.stderr.contains(secret))
        }
    }

    @Test func unreachableServerIsAClearFailure() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the social-bridge product first")
        let result = try Self.call(["GetFriends", "--url", "ws://127.0.0.1:1/", "--private-key", Hex.encode(Secp256k1PrivateKey.random().bytes)])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Error: cannot connect to 127.0.0.1:1: Connection refused"))
    }
}
