import Testing
import BridgeCLI
import SocialDomain

@Suite struct ParsingTests {
    @Test func separateAndInlineValues() async {
        let separate = await runTool(["greet", "--name", "ann", "-t", "2"])
        #expect(separate.code == 0)
        #expect(separate.stdout == "hello ann\nhello ann\n")
        let inline = await runTool(["greet", "--name=ann", "--times=2"])
        #expect(inline.stdout == separate.stdout)
        let emptyInline = await runTool(["greet", "--name=", "--times=1"])
        #expect(emptyInline.stdout == "hello \n")
    }

    @Test func repeatedOptionKeepsEveryValueInOrder() async {
        let result = await runTool(["greet", "--name", "b", "--tag", "x", "--tag=y", "--tag", "z", "--loud"])
        #expect(result.code == 0)
        #expect(result.stdout == "HELLO B [X,Y,Z]\n")
    }

    @Test func defaultsApplyWhenAbsent() async {
        let result = await runTool(["greet", "--name", "c"])
        #expect(result.stdout == "hello c\n")
        #expect(result.stderr == "path: demo greet\n")
    }

    @Test func negativeNumberIsAValue() async {
        let result = await runTool(["greet", "--name", "d", "--times", "-1"])
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("Error: --times must not be negative\n"))
    }

    @Test func nestedSubcommandRuns() async {
        let result = await runTool(["bench", "spin", "--count", "5"])
        #expect(result.code == 0)
        #expect(result.stdout == "spun 5\n")
    }

    @Test func versionPrintsNameAndVersion() async {
        let result = await runTool(["--version"])
        #expect(result.code == 0)
        #expect(result.stdout == "demo 9.8.7\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func runtimeFailureExitsOneWithMessageOnStderr() async {
        let result = await runTool(["greet", "--name", "e", "--fail"])
        #expect(result.code == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Error: greeting failed on purpose\n")
    }

    static let greetUsage = "Usage: demo greet --name <name> [--times <n>] [--format <format>] [--tag <tag> ...] [--a-really-long-option-name <value>] [--loud] [--fail] [<file>]\n  See 'demo greet --help' for more information.\n"

    @Test(arguments: [
        (["greet"], "Missing expected argument '--name <name>'"),
        (["greet", "--name"], "Missing value for '--name <name>'"),
        (["greet", "--name", "--loud"], "Missing value for '--name <name>'"),
        (["greet", "--name", "x", "--bogus"], "Unknown option '--bogus'"),
        (["greet", "--name", "x", "-z"], "Unknown option '-z'"),
        (["greet", "--name", "x", "-lt"], "Unknown option '-lt'"),
        (["greet", "--name", "x", "--loud=yes"], "The option '--loud' does not take a value"),
        (["greet", "--name", "x", "--loud", "--loud"], "The option '--loud' may be given only once"),
        (["greet", "--name", "x", "--name", "y"], "The option '--name <name>' may be given only once"),
        (["greet", "--name", "x", "--times", "lots"], "The value 'lots' is invalid for '--times <n>'; expected an integer"),
        (["greet", "--name", "x", "--format", "xml"], "The value 'xml' is invalid for '--format <format>'; expected one of: text, json"),
        (["greet", "--name", "x", "a", "b"], "Unexpected argument 'b'"),
    ] as [([String], String)])
    func usageErrorsGoToStderrWithExitTwo(arguments: [String], message: String) async {
        let result = await runTool(arguments)
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Error: \(message)\n" + Self.greetUsage)
    }

    @Test func rootUsageErrors() async {
        let rootUsage = "Usage: demo <subcommand>\n  See 'demo --help' for more information.\n"
        let unknown = await runTool(["frobnicate"])
        #expect(unknown.code == 2)
        #expect(unknown.stderr == "Error: Unknown subcommand 'frobnicate'\n" + rootUsage)
        let none = await runTool([])
        #expect(none.code == 0)
        #expect(none.stdout == HelpGoldenTests.rootHelp && none.stderr.isEmpty)
        let unknownOption = await runTool(["--verbose"])
        #expect(unknownOption.code == 2)
        #expect(unknownOption.stderr == "Error: Unknown option '--verbose'\n" + rootUsage)
        let helpUnknown = await runTool(["help", "nope"])
        #expect(helpUnknown.code == 2)
        #expect(helpUnknown.stderr == "Error: Unknown subcommand 'nope'\n" + rootUsage)
        let groupAlone = await runTool(["bench"])
        #expect(groupAlone.code == 0)
        #expect(groupAlone.stdout == HelpGoldenTests.benchHelp)
        let groupOption = await runTool(["bench", "--fast"])
        #expect(groupOption.code == 2)
        #expect(groupOption.stderr.hasPrefix("Error: Unknown option '--fast'\nUsage: demo bench <subcommand>\n"))
    }

    @Test func typedAccessorsConvertAndReport() async {
        struct Probe: Command {
            static let name = "probe"
            static let abstract = "Probes typed values."
            static let options: [OptionSpec] = [
                .option("user", valueName: "address", help: "An address.", repeatable: true),
                .option("port", valueName: "port", help: "A port.", defaultValue: "8080"),
                .option("ratio", valueName: "x", help: "A ratio."),
            ]
            static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
                let users: [Address] = try arguments.values("user")
                let port: UInt16 = try arguments.required("port")
                let ratio: Double? = try arguments.value("ratio")
                context.stdout.line("\(users.map(\.rawValue)) \(port) \(ratio.map { "\($0)" } ?? "nil")")
                return 0
            }
        }
        let tool = CommandLineTool(name: "t", abstract: "T.", version: "1", commands: [Probe.self])
        let upper = "0x" + String(repeating: "AB", count: 20)
        let ok = await runTool(["probe", "--user", upper, "--ratio=0.5"], tool: tool)
        #expect(ok.code == 0)
        #expect(ok.stdout == "[\"0x\(String(repeating: "ab", count: 20))\"] 8080 0.5\n")
        let badPort = await runTool(["probe", "--port", "70000"], tool: tool)
        #expect(badPort.code == 2)
        #expect(badPort.stderr.hasPrefix("Error: The value '70000' is invalid for '--port <port>'; expected an integer from 0 to 65535\n"))
        let badUser = await runTool(["probe", "--user", "0x12"], tool: tool)
        #expect(badUser.code == 2)
        #expect(badUser.stderr.hasPrefix("Error: The value '0x12' is invalid for '--user <address>'; expected an address (0x followed by 40 hex digits)\n"))
        let badRatio = await runTool(["probe", "--ratio", "nan"], tool: tool)
        #expect(badRatio.code == 2)
    }
}
