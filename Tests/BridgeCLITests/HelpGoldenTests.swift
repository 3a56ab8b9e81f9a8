import Testing
import BridgeCLI

/// Help text is part of the interface: these pin it verbatim.
@Suite struct HelpGoldenTests {
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
