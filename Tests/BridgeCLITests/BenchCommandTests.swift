import Foundation
import Testing
import BridgeCLI

/// `social-bridge bench`: help text and tiny runs that check the report's shape (never its timings).
@Suite struct BenchCommandTests {
    static let benchHelp = """
        OVERVIEW: Run the performance benchmarks.

        Each benchmark prints a summary, or one JSON object with --json. Figures depend
        on the machine and its load; quote them with the machine they were measured on.

        USAGE: social-bridge bench <subcommand>

        OPTIONS:
          -h, --help              Show help information.

        SUBCOMMANDS:
          auth                    Auth-chain verifications per second on one core.
          ws                      Idle WebSocket connections held, RSS per connection,
                                  ping round trip.
          rpc                     Unary RPC round trip relative to a WebSocket ping.
          social                  GetFriends vs ping round trip; update push latency.
          codec                   Protobuf encode/decode throughput of a friends page.
          migrate                 How to run the migration vs curl benchmark (a script).
          diff                    diff wall time and peak RSS against migrate on the
                                  same homeserver.

          See 'social-bridge bench help <subcommand>' for detailed help.

        """

    static let authHelp = """
        OVERVIEW: Auth-chain verifications per second on one core.

        USAGE: social-bridge bench auth [--iterations <n>] [--json]

        OPTIONS:
          --iterations <n>        Verifications to time. (default: 2000)
          --json                  Print one JSON object instead of the summary.
          -h, --help              Show help information.
        \(HelpGoldenTests.socialBridgeCommonSection)

        """

    func run(_ arguments: [String]) async -> (code: Int32, stdout: String, stderr: String) {
        let out = CapturedOutput(), err = CapturedOutput()
        let code = await BridgeCLI.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err))
        return (code, out.text, err.text)
    }

    /// Runs `bench <arguments> --json` and returns the decoded report after checking its envelope.
    func jsonReport(_ arguments: [String], benchmark: String) async throws -> [String: Any] {
        let result = await run(["bench"] + arguments + ["--json"])
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["benchmark"] as? String == benchmark)
        let machine = try #require(object["machine"] as? [String: Any])
        #expect((machine["cores"] as? Int ?? 0) >= 1)
        #expect(object["notes"] is [String])
        return try #require(object["figures"] as? [String: Any])
    }

    @Test(arguments: [["bench", "--help"], ["help", "bench"], ["bench", "help"]])
    func groupHelp(arguments: [String]) async {
        let result = await run(arguments)
        #expect(result.code == 0)
        #expect(result.stdout == Self.benchHelp)
    }

    @Test func leafHelp() async {
        let result = await run(["bench", "auth", "--help"])
        #expect(result.code == 0)
        #expect(result.stdout == Self.authHelp)
    }

    @Test func groupWithoutSubcommandShowsItsHelp() async {
        let result = await run(["bench"])
        #expect(result.code == 0)
        #expect(result.stdout == Self.benchHelp)
    }

    @Test func unknownBenchmarkIsAUsageError() async {
        let result = await run(["bench", "nope"])
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test(arguments: [["auth", "--iterations", "0"], ["codec", "--friends", "-1"], ["ws", "--connections", "x"], ["rpc", "--payload", "70000"]])
    func badSizesAreUsageErrors(arguments: [String]) async {
        let result = await run(["bench"] + arguments)
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
    }

    @Test func authReportShape() async throws {
        let figures = try await jsonReport(["auth", "--iterations", "2"], benchmark: "auth")
        #expect(figures["chain_iterations"] as? Int == 2)
        #expect(figures["chain_failures"] as? Int == 0)
        for key in ["chain_verifications_per_second", "chain_seconds", "recoveries_per_second", "recoveries_per_chain", "chain_cpu_seconds", "chain_verifications_per_cpu_second"] {
            #expect(figures[key] is Double || figures[key] is Int, "missing \(key)")
        }
    }

    @Test func authHumanSummary() async {
        let result = await run(["bench", "auth", "--iterations", "1"])
        #expect(result.code == 0)
        #expect(result.stdout.hasPrefix("bench auth ("))
        #expect(result.stdout.contains("chain verifications:"))
        #expect(result.stdout.contains("baseline: single recoveries:"))
    }

    @Test func codecReportShape() async throws {
        let figures = try await jsonReport(["codec", "--friends", "3", "--iterations", "2"], benchmark: "codec")
        #expect(figures["friends_per_page"] as? Int == 3)
        #expect(figures["round_trips_exactly"] as? Bool == true)
        #expect((figures["page_bytes"] as? Int ?? 0) > 0)
    }

    @Test func rpcReportShape() async throws {
        let figures = try await jsonReport(["rpc", "--iterations", "5"], benchmark: "rpc")
        #expect(figures["iterations"] as? Int == 5)
        for key in ["unary_median_us", "ping_median_us", "unary_to_ping_median", "unary_p99_us", "ping_p99_us"] {
            #expect(figures[key] is Double || figures[key] is Int, "missing \(key)")
        }
    }

    @Test func webSocketReportShape() async throws {
        let figures = try await jsonReport(["ws", "--connections", "4", "--pings", "3"], benchmark: "ws")
        #expect(figures["connections_asked"] as? Int == 4)
        #expect(figures["connections_held"] as? Int == 4)
        #expect(figures["ping_samples"] as? Int == 3)
        #expect(figures["bytes_per_connection"] is Double || figures["bytes_per_connection"] is Int)
    }

    @Test func socialReportShape() async throws {
        let figures = try await jsonReport(
            ["social", "--friends", "20", "--limit", "5", "--iterations", "3", "--updates-per-second", "200", "--seconds", "0.05"],
            benchmark: "social")
        #expect(figures["page_size"] as? Int == 5)
        #expect(figures["page_total"] as? Int == 20)
        #expect(figures["iterations"] as? Int == 3)
        #expect(figures["updates_sent"] as? Int == 10)
        for key in ["get_friends_median_us", "ping_median_us", "get_friends_to_ping_median", "push_p50_us", "push_p90_us", "push_p99_us", "push_max_us"] {
            #expect(figures[key] is Double || figures[key] is Int, "missing \(key)")
        }
    }

    @Test("bench diff takes the token from the environment only, and says so when it is missing")
    func diffNeedsTheTokenFromTheEnvironment() async {
        let noURL = await run(["bench", "diff"])
        #expect(noURL.code == 2 && noURL.stderr.hasPrefix("Error: --homeserver is required (or set SOCIALBRIDGE_SYNAPSE_URL)\n"))
        let noToken = await run(["bench", "diff", "--homeserver", "http://127.0.0.1:9", "--token-env", "NO_SUCH_VARIABLE"])
        #expect(noToken.code == 2 && noToken.stderr.hasPrefix("Error: the admin token is read from $NO_SUCH_VARIABLE, which is not set\n"))
        let badRounds = await run(["bench", "diff", "--rounds", "0"])
        #expect(badRounds.code == 2 && badRounds.stderr.hasPrefix("Error: --rounds must be a positive integer\n"))
    }

    @Test func migratePointsAtTheScript() async throws {
        let figures = try await jsonReport(["migrate"], benchmark: "migrate")
        #expect(figures["script"] as? String == "bash Tests/Support/bench_migrate.sh")
    }
}
