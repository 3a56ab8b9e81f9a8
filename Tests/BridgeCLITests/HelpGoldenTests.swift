import Testing
import BridgeCLI

/// Help text is part of the interface: these pin it verbatim.
@Suite struct HelpGoldenTests {
    /// What every leaf command's help ends with: the configuration and logging options of the framework.
    static let commonSection = """

        CONFIGURATION AND LOGGING:
          --config <file>         Read options from this file: a JSON object or key =
                                  value lines (see README).
          --print-config[=json]   Print the effective configuration (each key's source,
                                  secrets masked) and exit 0; =json for JSON.
          --log-format <format>   Log lines as text, or one JSON object per line (ts,
                                  level, msg, fields). (values: text, json; default:
                                  text)
          --log-level <level>     The least severe level written. (values: debug, info,
                                  warning, error; default: info)
          --log-file <file>       Append log lines to this file instead of stderr (serve
                                  reopens it on SIGHUP).

          Every option can also be set in the environment as DEMO_<OPTION> (upper case,
          dashes as underscores: DEMO_LOG_LEVEL for --log-level) or as a key of the
          --config file. Precedence: flag > environment > file > default.
        """

    /// The same section as `social-bridge` prints it.
    static let socialBridgeCommonSection = """

        CONFIGURATION AND LOGGING:
          --config <file>         Read options from this file: a JSON object or key =
                                  value lines (see README).
          --print-config[=json]   Print the effective configuration (each key's source,
                                  secrets masked) and exit 0; =json for JSON.
          --log-format <format>   Log lines as text, or one JSON object per line (ts,
                                  level, msg, fields). (values: text, json; default:
                                  text)
          --log-level <level>     The least severe level written. (values: debug, info,
                                  warning, error; default: info)
          --log-file <file>       Append log lines to this file instead of stderr (serve
                                  reopens it on SIGHUP).

          Every option can also be set in the environment as SOCIAL_BRIDGE_<OPTION>
          (upper case, dashes as underscores: SOCIAL_BRIDGE_LOG_LEVEL for --log-level)
          or as a key of the --config file. Precedence: flag > environment > file >
          default.
        """

    static let rootHelp = """
        OVERVIEW: A demo tool.

        USAGE: demo <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          greet                   Greets someone, possibly several times.
          bench                   Runs benchmarks.

          See 'demo help <subcommand>' for detailed help.

        """

    static let greetHelp = """
        OVERVIEW: Greets someone, possibly several times.

        Prints one line per greeting.
        Exits 1 when --fail is given.

        USAGE: demo greet --name <name> [--times <n>] [--format <format>] [--tag <tag> ...] [--a-really-long-option-name <value>] [--loud] [--fail] [<file>]

        ARGUMENTS:
          <file>                  Where the greeting would be saved.

        OPTIONS:
          --name <name>           Who to greet.
          -t, --times <n>         How many greetings. (default: 1)
          --format <format>       Output format. (values: text, json; default: text)
          --tag <tag>             A tag added to each greeting; may be repeated, and
                                  this help text is long enough to wrap onto a second
                                  line.
          --a-really-long-option-name <value>
                                  Shows the help column overflow.
          -l, --loud              Shout.
          --fail                  Fail at run time.
          -h, --help              Show help information.
        \(commonSection)

        """

    static let benchHelp = """
        OVERVIEW: Runs benchmarks.

        USAGE: demo bench <subcommand>

        OPTIONS:
          -h, --help              Show help information.

        SUBCOMMANDS:
          spin                    Spins.

          See 'demo bench help <subcommand>' for detailed help.

        """

    static let spinHelp = """
        OVERVIEW: Spins.

        USAGE: demo bench spin [--count <n>]

        OPTIONS:
          --count <n>             Spins to do. (default: 3)
          -h, --help              Show help information.
        \(commonSection)

        """

    @Test(arguments: [["--help"], ["-h"], ["help"]])
    func rootHelp(arguments: [String]) async {
        let result = await runTool(arguments)
        #expect(result.code == 0)
        #expect(result.stdout == Self.rootHelp)
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: [["greet", "--help"], ["greet", "-h"], ["help", "greet"], ["greet", "--name", "x", "--bogus", "--help"]])
    func greetHelp(arguments: [String]) async {
        let result = await runTool(arguments)
        #expect(result.code == 0)
        #expect(result.stdout == Self.greetHelp)
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: [["bench", "--help"], ["help", "bench"], ["bench", "help"]])
    func groupHelp(arguments: [String]) async {
        let result = await runTool(arguments)
        #expect(result.code == 0)
        #expect(result.stdout == Self.benchHelp)
    }

    @Test(arguments: [["bench", "spin", "--help"], ["help", "bench", "spin"], ["bench", "help", "spin"]])
    func nestedHelp(arguments: [String]) async {
        let result = await runTool(arguments)
        #expect(result.code == 0)
        #expect(result.stdout == Self.spinHelp)
    }

    @Test func helpTextLookup() {
        #expect(sampleTool.helpText(for: ["greet"]) == Self.greetHelp)
        #expect(sampleTool.helpText(for: []) == Self.rootHelp)
        #expect(sampleTool.helpText(for: ["nope"]) == nil)
    }

    @Test func helpAfterDoubleDashIsAPositional() async {
        let result = await runTool(["greet", "--name", "x", "--", "--help"])
        #expect(result.code == 0)
        #expect(result.stdout == "hello x\n")
        #expect(result.stderr.contains("would save to --help"))
    }
}
