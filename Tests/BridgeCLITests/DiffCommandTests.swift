import Foundation
import Testing
import BridgeCLI
import SocialDomain
import SocialStore
import BridgeTestSupport

/// `social-bridge diff` without a homeserver: its help, and every way it refuses to compare (exit 2, a clear
/// message, nothing created). Comparisons against a live Synapse are in IntegrationTests (LiveDiffTests).
@Suite struct DiffCommandTests {
    static let diffHelp = """
        OVERVIEW: Compare legacy Matrix friendships with a SocialBridge database.

        Derives every pair with migrate's own reader and rules, reads the database read-only in
        the same order, and lists each difference: missing_new, missing_legacy, differs (naming
        the fields), and with --blocks block_missing_new and block_missing_legacy. Status,
        requester, acting user, active and message are compared; timestamps are only shown.
        Expected, not drift: a difference explained by a decision journaled for the legacy
        winner (new_side_newer, blocked_pair, bridge_echo), by actions waiting in the mirror
        outbox (mirror_pending), a requester the row kept from an earlier cycle
        (requester_kept), and without --blocks a pair the database blocks (blocks_not_compared).
        --users FILE takes migrate's format (one @0x…:server id or address per line, # comments)
        and restricts both sides to pairs with a listed member and blocks by a listed user.
        Writes nothing: the database and the homeserver are unchanged by a diff.
        Exit codes: 0 no drift, 1 drift found, 2 could not compare (usage error, homeserver
        unreachable or refusing the token, database missing or not a SocialBridge store).

        USAGE: social-bridge diff --homeserver <url> --admin-token-file <file> --db <file> [--blocks <file>] [--mapping <name|file>] [--server-name <name>] [--users <file>] [--concurrency <n>] [--format <format>] [--report <file>]

        OPTIONS:
          --homeserver <url>      Base URL of the legacy homeserver.
          --admin-token <token>   Access token of a server admin (only reads are made).
                                  (secret: prefer --admin-token-file or
                                  SOCIAL_BRIDGE_ADMIN_TOKEN)
          --admin-token-file <file>
                                  Read --admin-token from this file (refused when
                                  group/world-readable).
          --db <file>             SQLite database to compare (read-only; never created).
          --blocks <file>         Profiles file as for migrate --blocks; compares blocks
                                  too.
          --mapping <name|file>   Legacy layout mapping: a built-in name (see 'mappings
                                  list') or a JSON file. (default: decentraland)
          --server-name <name>    Local server name (default: learnt from the admin
                                  token's whoami).
          --users <file>          Restrict both sides to pairs with a listed member (as
                                  migrate --users).
          --concurrency <n>       Homeserver requests in flight. (default: 8)
          --format <format>       Output format. (values: table, json; default: table)
          --report <file>         Also write the JSON form there, whatever --format
                                  says.
          -h, --help              Show help information.
        \(HelpGoldenTests.socialBridgeCommonSection)

        """

    func run(_ arguments: [String]) async -> (code: Int32, stdout: String, stderr: String) {
        let out = CapturedOutput(), err = CapturedOutput()
        // The token travels in the environment, as an operator would pass it (a flag would warn about argv).
        var arguments = arguments, environment: [String: String] = [:]
        if let index = arguments.firstIndex(of: "--admin-token"), index + 1 < arguments.count {
            environment["SOCIAL_BRIDGE_ADMIN_TOKEN"] = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        let code = await BridgeCLI.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err, environment: environment))
        return (code, out.text, err.text)
    }

    func arguments(db: String, homeserver: String = "http://127.0.0.1:9", extra: [String] = []) -> [String] {
        ["diff", "--homeserver", homeserver, "--admin-token", "not-a-real-token", "--db", db,
         "--mapping", TestEnvironment.repositoryRoot.appendingPathComponent("mappings/decentraland.json").path] + extra
    }

    @Test func helpText() async {
        let help = await run(["diff", "--help"])
        #expect(help.code == 0 && help.stdout == Self.diffHelp && help.stderr.isEmpty)
        #expect(await run(["help", "diff"]).stdout == Self.diffHelp)
    }

    @Test("a missing database: exit 2, a clear message, and the file is not created")
    func missingDatabase() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("nope.sqlite").path
        let result = await run(arguments(db: path))
        #expect(result.code == 2 && result.stdout.isEmpty)
        #expect(result.stderr == "Error: database file \(path) does not exist\n")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not a SocialBridge store: exit 2 naming it")
    func foreignDatabase() async throws {
        let directory = try makeTemporaryDirectory()
        let text = directory.appendingPathComponent("readme.txt")
        try Data(String(repeating: "not a database\n", count: 20).utf8).write(to: text)
        let notSQLite = await run(arguments(db: text.path))
        #expect(notSQLite.code == 2 && notSQLite.stderr == "Error: \(text.path) is not an SQLite database\n")
        // An SQLite database of another program.
        let other = directory.appendingPathComponent("other.sqlite").path
        let python = TestEnvironment.python ?? "/usr/bin/python3"
        if FileManager.default.isExecutableFile(atPath: python) {
            let made = try ProcessRunner.run(python, ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", other])
            try #require(made.status == 0, "\(made.stderr)")
            let before = try Data(contentsOf: URL(fileURLWithPath: other))
            let foreign = await run(arguments(db: other))
            #expect(foreign.code == 2 && foreign.stderr.hasPrefix("Error: \(other) is an SQLite database of another program"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
        }
    }

    @Test("an unreachable homeserver: exit 2 saying which one; the database is untouched")
    func unreachableHomeserver() async throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("empty.sqlite").path
        do { _ = try SocialStore(path: path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = await run(arguments(db: path, homeserver: "http://127.0.0.1:9"))
        #expect(result.code == 2 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: cannot read the homeserver http://127.0.0.1:9: "), "\(result.stderr)")
        #expect(!result.stderr.contains("not-a-real-token"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("usage errors exit 2", arguments: [
        (["diff", "--bogus"], "Error: Unknown option '--bogus'"),
        (["diff", "--homeserver", "http://h", "--admin-token", "t"], "Error: Missing expected argument '--db <file>'"),
        (["diff", "--homeserver", "http://h", "--admin-token", "t", "--db", "x", "--format", "xml"],
         "Error: The value 'xml' is invalid for '--format <format>'; expected one of: table, json"),
        (["diff", "--homeserver", "http://h", "--admin-token", "t", "--db", "x", "--concurrency", "0"],
         "Error: --concurrency must be between 1 and 256"),
        (["diff", "--homeserver", "ftp://h", "--admin-token", "t", "--db", "x"], "Error: --homeserver must be an http:// or https:// URL"),
        (["diff", "--homeserver", "http://h", "--admin-token", "t", "--db", "x", "--users", "/nonexistent/users.txt"],
         "Error: cannot read --users /nonexistent/users.txt"),
    ])
    func usageErrors(arguments: [String], message: String) async {
        let result = await run(arguments)
        #expect(result.code == 2 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    }
}
