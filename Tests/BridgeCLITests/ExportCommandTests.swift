import Foundation
import Testing
import BridgeCLI
import SocialDomain
import SocialStore
import BridgeTestSupport

@Suite struct ExportCommandTests {
    static let exportHelp = """
        OVERVIEW: Print the current state of every friendship and every block.

        Reads the database without changing it (it is never created). The JSON format lists
        pairs sorted by their two addresses and blocks sorted by blocker then blocked; a block
        with no friendship appears only under "blocks". Status, acting user, message and
        updated_at are those of the pair's newest action; requester and active are the pair row's.

        USAGE: social-bridge export --db <file> [--format <format>]

        OPTIONS:
          --db <file>             The SQLite database to read.
          --format <format>       Output format. (values: json, table; default: json)
          -h, --help              Show help information.
        \(HelpGoldenTests.socialBridgeCommonSection)

        """

    static let rootHelp = """
        OVERVIEW: Migrates, syncs and serves Decentraland friendships leaving Matrix.

        USAGE: social-bridge <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          export                  Print the current state of every friendship and every
                                  block.
          migrate                 Migrate legacy Matrix friendships into SQLite.
          diff                    Compare legacy Matrix friendships with a SocialBridge
                                  database.
          serve                   Serve the Social Service WebSocket RPC on a SQLite
                                  database.
          generate-registration   Write the Synapse appservice registration YAML (fresh
                                  as_token and hs_token).
          mappings                List or print the built-in legacy layout mappings.
          call                    Call one SocialService procedure with a JSON payload
                                  and print the answer as JSON.
          bench                   Run the performance benchmarks.

          See 'social-bridge help <subcommand>' for detailed help.

        """

    func run(_ arguments: [String]) async -> (code: Int32, stdout: String, stderr: String) {
        let out = CapturedOutput(), err = CapturedOutput()
        let code = await BridgeCLI.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err))
        return (code, out.text, err.text)
    }

    /// A small database: a with b friends (b accepted), c requested a with a message, a blocked d.
    func smallDatabase() throws -> String {
        let path = try makeTemporaryDirectory().appendingPathComponent("small.sqlite").path
        let store = try SocialStore(path: path)
        let a = Address("0x" + String(repeating: "a", count: 40))!, b = Address("0x" + String(repeating: "b", count: 40))!
        let c = Address("0x" + String(repeating: "c", count: 40))!, d = Address("0x" + String(repeating: "d", count: 40))!
        _ = try store.upsertFriendship(actor: a, target: b, action: .request, message: "yo", now: 1_700_000_000_000)
        _ = try store.upsertFriendship(actor: b, target: a, action: .accept, message: nil, now: 1_700_000_001_000)
        _ = try store.upsertFriendship(actor: c, target: a, action: .request, message: "tab\there \"quoted\"", now: 1_700_000_002_500)
        _ = try store.block(blocker: a, blocked: d, now: 1_700_000_003_000)
        return path
    }

    @Test func helpTexts() async {
        let help = await run(["export", "--help"])
        #expect(help.code == 0 && help.stdout == Self.exportHelp)
        #expect(await run(["help", "export"]).stdout == Self.exportHelp)
        let root = await run(["--help"])
        #expect(root.code == 0 && root.stdout == Self.rootHelp)
        let bare = await run([])
        #expect(bare.code == 0 && bare.stdout == Self.rootHelp && bare.stderr.isEmpty)
    }

    @Test func jsonGolden() async throws {
        let path = try smallDatabase()
        let result = await run(["export", "--db", path, "--format", "json"])
        #expect(result.code == 0 && result.stderr.isEmpty)
        let aa = "0x" + String(repeating: "a", count: 40), bb = "0x" + String(repeating: "b", count: 40)
        let cc = "0x" + String(repeating: "c", count: 40), dd = "0x" + String(repeating: "d", count: 40)
        #expect(result.stdout == """
            {
              "friendships": [
                {"users":["\(aa)","\(bb)"],"requester":"\(aa)","status":"accept","acting_user":"\(bb)","active":true,"message":null,"updated_at":1700000001000},
                {"users":["\(aa)","\(cc)"],"requester":"\(cc)","status":"request","acting_user":"\(cc)","active":false,"message":"tab\\there \\"quoted\\"","updated_at":1700000002500}
              ],
              "blocks": [
                {"blocker":"\(aa)","blocked":"\(dd)","blocked_at":1700000003000}
              ]
            }

            """)
        // The default format is JSON, and the output parses as JSON.
        let byDefault = await run(["export", "--db=\(path)"])
        #expect(byDefault.stdout == result.stdout)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((parsed?["friendships"] as? [Any])?.count == 2)
    }

    @Test func tableGolden() async throws {
        let path = try smallDatabase()
        let result = await run(["export", "--db", path, "--format", "table"])
        #expect(result.code == 0)
        let aa = "0x" + String(repeating: "a", count: 40), bb = "0x" + String(repeating: "b", count: 40)
        let cc = "0x" + String(repeating: "c", count: 40), dd = "0x" + String(repeating: "d", count: 40)
        let pad = String(repeating: " ", count: 34)
        #expect(result.stdout == """
            FRIENDSHIPS (2)
            USER A\(pad)    USER B\(pad)    REQUESTER\(pad) STATUS   ACTING USER\(String(repeating: " ", count: 33))ACTIVE  UPDATED AT                MESSAGE
            \(aa)  \(bb)  \(aa)  accept   \(bb)  yes     2023-11-14T22:13:21.000Z
            \(aa)  \(cc)  \(cc)  request  \(cc)  no      2023-11-14T22:13:22.500Z  tab\\there "quoted"

            BLOCKS (1)
            BLOCKER\(pad)   BLOCKED\(pad)   BLOCKED AT
            \(aa)  \(dd)  2023-11-14T22:13:23.000Z

            """)
    }

    @Test func emptyDatabaseExportsEmptyLists() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("empty.sqlite").path
        _ = try SocialStore(path: path)
        let result = await run(["export", "--db", path])
        #expect(result.code == 0)
        #expect(result.stdout == "{\n  \"friendships\": [],\n  \"blocks\": []\n}\n")
    }

    @Test func missingFileFailsWithoutCreatingIt() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("nope.sqlite").path
        let result = await run(["export", "--db", path])
        #expect(result.code == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Error: database file \(path) does not exist\n")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func foreignFileFailsWithClearError() async throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("readme.txt")
        try Data(String(repeating: "not a database\n", count: 20).utf8).write(to: url)
        let result = await run(["export", "--db", url.path])
        #expect(result.code == 1)
        #expect(result.stderr == "Error: \(url.path) is not an SQLite database\n")
    }

    @Test func usageErrors() async {
        let missing = await run(["export"])
        #expect(missing.code == 2 && missing.stderr.hasPrefix("Error: Missing expected argument '--db <file>'\n"))
        let badFormat = await run(["export", "--db", "x.sqlite", "--format", "xml"])
        #expect(badFormat.code == 2)
        #expect(badFormat.stderr.hasPrefix("Error: The value 'xml' is invalid for '--format <format>'; expected one of: json, table\n"))
    }

    @Test func sampleFixtureExports() async throws {
        let copy = try makeTemporaryDirectory().appendingPathComponent("sample.sqlite")
        try FileManager.default.copyItem(at: TestEnvironment.repositoryRoot.appendingPathComponent("fixtures/sample.sqlite"), to: copy)
        let result = await run(["export", "--db", copy.path, "--format", "json"])
        #expect(result.code == 0)
        let expected = try SocialStore(path: copy.path, options: .readOnly).snapshot().json()
        #expect(result.stdout == expected)
        #expect(result.stdout.contains(#""status":"block","acting_user":"0xda0e000000000000000000000000000000000004","active":false"#))
    }
}
