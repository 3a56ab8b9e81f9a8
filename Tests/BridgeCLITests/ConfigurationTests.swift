import BridgeJSON
import BridgeTestSupport
import Foundation
import Testing
@testable import BridgeCLI

/// A command with every kind of option the configuration machinery treats specially.
struct ProbeCommand: Command {
    static let name = "probe"
    static let abstract = "Prints its effective options."
    static let options: [OptionSpec] = [
        .option("db", valueName: "file", help: "A required value.", required: true),
        .option("format", valueName: "format", help: "A closed set.", defaultValue: "text", allowedValues: ["text", "json"]),
        .option("tag", valueName: "tag", help: "Repeatable.", repeatable: true),
        .option("token", valueName: "token", help: "A secret.", secret: true),
        .option("registration", valueName: "file", help: "A file holding secrets.", secretFile: true),
        .option("new-name", valueName: "value", help: "Renamed from --old-name.", aliases: ["old-name"]),
        .flag("verbose", help: "A flag."),
    ]

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let db: String = try arguments.required("db")
        let token = arguments.string("token")
        if db == "fail" { throw Failure(description: "cannot use token \(token ?? "-") here") }
        context.stdout.line(
            "db=\(db) format=\(arguments.string("format") ?? "-") tags=\(arguments.strings("tag").joined(separator: ","))"
                + " token=\(token.map { "\($0.count) chars" } ?? "-") verbose=\(arguments.flag("verbose")) new-name=\(arguments.string("new-name") ?? "-")")
        if let token, token.hasPrefix("check:") { context.stdout.line("token-ok=\(token == "check:" + String(repeating: "s", count: 20))") }
        context.log.info("ran with token \(token ?? "-")")
        return 0
    }
}

let probeTool = CommandLineTool(name: "probe-tool", abstract: "Probes configuration.", version: "1", commands: [ProbeCommand.self])

func runProbe(_ arguments: [String], environment: [String: String] = [:]) async -> Captured {
    let out = CapturedOutput(), err = CapturedOutput()
    let code = await probeTool.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err, environment: environment))
    return Captured(code: code, stdout: out.text, stderr: err.text)
}

/// A file with `text` and `mode` in a fresh directory.
func writeFile(_ text: String, named name: String = "file", mode: Int = 0o600, in directory: URL) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    return path
}

@Suite struct ConfigurationTests {
    static let secret = "check:" + String(repeating: "s", count: 20)

    @Test func precedenceIsFlagThenEnvironmentThenFileThenDefault() async throws {
        let directory = try makeTemporaryDirectory("config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeFile("db = from-file\nformat = json\n", in: directory)

        let onlyFile = await runProbe(["probe", "--config", file])
        #expect(onlyFile.code == 0)
        #expect(onlyFile.stdout.hasPrefix("db=from-file format=json"))

        let environment = ["PROBE_TOOL_DB": "from-env"]
        let envOverFile = await runProbe(["probe", "--config", file], environment: environment)
        #expect(envOverFile.stdout.hasPrefix("db=from-env format=json"))

        let flagOverEnv = await runProbe(["probe", "--config", file, "--db", "from-flag"], environment: environment)
        #expect(flagOverEnv.stdout.hasPrefix("db=from-flag format=json"))

        let defaults = await runProbe(["probe", "--db", "x"])
        #expect(defaults.stdout.hasPrefix("db=x format=text"))

        // The config file itself can come from the environment.
        let viaEnvironment = await runProbe(["probe"], environment: ["PROBE_TOOL_CONFIG": file])
        #expect(viaEnvironment.stdout.hasPrefix("db=from-file"))
    }

    @Test func printConfigShowsEverySourceAndExitsZero() async throws {
        let directory = try makeTemporaryDirectory("config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeFile("# comment\n\nformat = json\ntag = a\ntag = b\n", in: directory)
        let result = await runProbe(["probe", "--config", file, "--verbose", "--print-config"], environment: ["PROBE_TOOL_DB": "env.db"])
        #expect(result.code == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("db = \"env.db\"  # environment PROBE_TOOL_DB"))
        #expect(lines.contains("format = \"json\"  # file \(file):3"))
        #expect(lines.contains("tag = \"a\"  # file \(file):4"))
        #expect(lines.contains("tag = \"b\"  # file \(file):4"))
        #expect(lines.contains("verbose = true  # flag --verbose"))
        #expect(lines.contains("# token is not set"))
        #expect(lines.contains("log-level = \"info\"  # default"))
        #expect(lines.contains("# config file: \(file) (flag --config)"))

        // The text form is a config file: feeding it back gives the same configuration.
        let again = try writeFile(result.stdout, named: "printed", in: directory)
        let reread = await runProbe(["probe", "--config", again, "--print-config"])
        #expect(reread.code == 0)
        let body = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "#")[0] } }
        #expect(body(reread.stdout) == body(result.stdout))
    }

    @Test func printConfigJSONHasValueSourceAndFlags() async throws {
        let result = await runProbe(["probe", "--print-config=json", "--token", Self.secret, "--tag", "x"])
        #expect(result.code == 0)
        let json = try JSON(parsing: result.stdout)
        let options = try #require(json["options"])
        #expect(options["db"]?["value"] == .null)
        #expect(options["db"]?["source"] == .string("unset"))
        #expect(options["db"]?["required"] == .bool(true))
        #expect(options["token"]?["value"] == .string("********"))
        #expect(options["token"]?["secret"] == .bool(true))
        #expect(options["token"]?["source"] == .string("flag"))
        #expect(options["tag"]?["value"] == .array([.string("x")]))
        #expect(options["format"]?["source"] == .string("default"))
        #expect(!result.stdout.contains(Self.secret))
    }

    @Test func missingRequiredIsAUsageErrorButPrintConfigStillWorks() async {
        let missing = await runProbe(["probe"])
        #expect(missing.code == 2)
        #expect(missing.stderr.hasPrefix("Error: Missing expected argument '--db <file>'\n"))
        let printed = await runProbe(["probe", "--print-config"])
        #expect(printed.code == 0)
        #expect(printed.stdout.contains("# db is not set (required)"))
    }

    @Test func bothFileFormatsParse() async throws {
        let directory = try makeTemporaryDirectory("config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try writeFile("""
            {
              "db": "j.db",
              "tag": ["a", "b"],
              "verbose": true,
              "new-name": 42,
              "format": null
            }
            """, named: "c.json", in: directory)
        let fromJSON = await runProbe(["probe", "--config", json])
        #expect(fromJSON.code == 0, "\(fromJSON.stderr)")
        #expect(fromJSON.stdout == "db=j.db format=text tags=a,b token=- verbose=true new-name=42\n")

        let lines = try writeFile("""
            # a comment
            db = "with # hash and  spaces"   # trailing comment
            tag = one
            tag=two # comment
            verbose = false
            old-name = x y
            """, named: "c.conf", in: directory)
        let fromLines = await runProbe(["probe", "--config", lines])
        #expect(fromLines.code == 0, "\(fromLines.stderr)")
        #expect(fromLines.stdout == "db=with # hash and  spaces format=text tags=one,two token=- verbose=false new-name=x y\n")
    }

    @Test(arguments: [
        ("db = x\n\nformt = json\n", "unknown key 'formt' in config file FILE at line 3"),
        ("{\n  \"db\": \"x\",\n\n  \"formt\": \"json\"\n}\n", "unknown key 'formt' in config file FILE at line 4"),
        ("db = x\ndb = y\n", "'db' is set more than once in config file FILE (lines 1, 2)"),
        ("db = x\nconfig = other\n", "'config' cannot be set in a config file (FILE, line 2)"),
        ("db = x\nprint-config = true\n", "'print-config' cannot be set in a config file (FILE, line 2)"),
        ("db x\n", "config file FILE, line 1: expected 'key = value'"),
        ("db = \"open\n", "config file FILE, line 1: unterminated quoted value"),
        ("{\"db\": {\"nested\": 1}}", "config file FILE, line 1: 'db' must be a string, a number, a boolean or an array of them"),
        ("{\"db\": ", "config file FILE is not valid JSON: line 1, column 8"),
        ("db = x\nverbose = maybe\n", "The value 'maybe' is invalid for '--verbose' (from file FILE:2); expected true or false"),
        ("db = x\nformat = xml\n", "The value 'xml' is invalid for '--format <format>' (from file FILE:2); expected one of: text, json"),
        ("new-name = a\nold-name = b\ndb = x\n", "config file FILE sets 'new-name' twice (lines 1 and 2); keep one"),
    ] as [(String, String)])
    func badConfigFilesNameTheKeyAndTheLine(text: String, message: String) async throws {
        let directory = try makeTemporaryDirectory("config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeFile(text, in: directory)
        let result = await runProbe(["probe", "--config", file])
        #expect(result.code == 2)
        let expected = "Error: " + message.replacingOccurrences(of: "FILE", with: file)
        #expect(result.stderr.hasPrefix(expected), "stderr: \(result.stderr)")
        // A bad file is a usage error even with --print-config: there is no effective configuration to print.
        let printed = await runProbe(["probe", "--config", file, "--print-config"])
        #expect(printed.code == 2)
    }

    @Test func missingConfigFileIsAClearUsageError() async {
        let result = await runProbe(["probe", "--config", "/nonexistent/x.conf"])
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("Error: cannot use the config file /nonexistent/x.conf: cannot open it (No such file or directory)"))
    }

    @Test func environmentFlagsAndEmptyValues() async {
        let on = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_VERBOSE": "yes"])
        #expect(on.stdout.contains("verbose=true"))
        let off = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_VERBOSE": "0"])
        #expect(off.stdout.contains("verbose=false"))
        let bad = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_VERBOSE": "maybe"])
        #expect(bad.code == 2)
        #expect(bad.stderr.hasPrefix("Error: The value 'maybe' is invalid for '--verbose' (from environment PROBE_TOOL_VERBOSE); expected true or false"))
        // An empty variable is unset (docker-compose writes `FOO=` for "no value").
        let empty = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_FORMAT": ""])
        #expect(empty.stdout.contains("format=text"))
        let badValue = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_FORMAT": "xml"])
        #expect(badValue.code == 2)
        #expect(badValue.stderr.contains("(from environment PROBE_TOOL_FORMAT)"))
        // Variables of other commands or tools are not this command's business.
        let unrelated = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_HOMESERVER": "h", "OTHER_DB": "y"])
        #expect(unrelated.code == 0)
    }

    @Test func aliasesWorkEverywhere() async {
        let flag = await runProbe(["probe", "--db", "x", "--old-name", "v", "--print-config"])
        #expect(flag.stdout.contains("new-name = \"v\"  # flag --old-name"))
        let environment = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_OLD_NAME": "w"])
        #expect(environment.stdout.contains("new-name=w"))
        let both = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_OLD_NAME": "w", "PROBE_TOOL_NEW_NAME": "z"])
        #expect(both.code == 2)
        #expect(both.stderr.contains("PROBE_TOOL_NEW_NAME and PROBE_TOOL_OLD_NAME are all set"))
        let twice = await runProbe(["probe", "--db", "x", "--old-name", "a", "--new-name", "b"])
        #expect(twice.code == 2)
    }

    @Test func everyLeafCommandGetsTheCommonOptions() async {
        for command in BridgeCLI.commands {
            let node = CommandNode(command)
            for leaf in leaves(node) {
                let names = leaf.allOptions.flatMap(\.allNames)
                #expect(Set(names).count == names.count, "duplicate option names in \(leaf.name)")
                for common in CommonOptions.all { #expect(names.contains(common.name), "\(leaf.name) lacks --\(common.name)") }
            }
        }
    }

    @Test func printConfigExitsZeroForEveryCommandWithoutRunningIt() async {
        for path in leafPaths(BridgeCLI.commands.map(CommandNode.init), prefix: []) {
            let out = CapturedOutput(), err = CapturedOutput()
            let code = await BridgeCLI.run(arguments: path + ["--print-config"], context: CommandContext(stdout: out, stderr: err))
            #expect(code == 0, "\(path): \(err.text)")
            #expect(out.text.hasPrefix("# social-bridge \(path.joined(separator: " ")): effective configuration"), "\(path)")
            #expect(out.text.contains("log-format = \"text\"  # default"), "\(path)")
        }
    }

    private func leaves(_ node: CommandNode) -> [CommandNode] {
        node.subcommands.isEmpty ? [node] : node.subcommands.flatMap(leaves)
    }

    private func leafPaths(_ nodes: [CommandNode], prefix: [String]) -> [[String]] {
        nodes.flatMap { node in node.subcommands.isEmpty ? [prefix + [node.name]] : leafPaths(node.subcommands, prefix: prefix + [node.name]) }
    }
}

@Suite struct SecretOptionTests {
    static let secret = ConfigurationTests.secret

    @Test func plainFlagWorksWithOneWarningLine() async {
        let result = await runProbe(["probe", "--db", "x", "--token", Self.secret])
        #expect(result.code == 0)
        #expect(result.stdout.contains("token-ok=true"))
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("--token on the command line is visible to other local users") == true)
        #expect(warnings.first?.contains("--token-file FILE or PROBE_TOOL_TOKEN") == true)
        #expect(!result.stderr.contains(Self.secret) && !result.stdout.contains(Self.secret))
    }

    @Test func fileWithPrivateModeIsReadAndGroupOrWorldReadableIsRefused() async throws {
        let directory = try makeTemporaryDirectory("secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try writeFile(Self.secret + "\n", named: "good", mode: 0o600, in: directory)
        let ok = await runProbe(["probe", "--db", "x", "--token-file", good])
        #expect(ok.code == 0)
        #expect(ok.stdout.contains("token-ok=true"))
        #expect(!ok.stderr.contains("warning"))

        for (mode, who) in [(0o644, "every local user"), (0o640, "its group"), (0o604, "every local user")] {
            let loose = try writeFile(Self.secret, named: "loose\(mode)", mode: mode, in: directory)
            let refused = await runProbe(["probe", "--db", "x", "--token-file", loose])
            #expect(refused.code == 2)
            let octal = "0" + String(mode, radix: 8)
            #expect(refused.stderr.hasPrefix(
                "Error: refusing --token-file \(loose): its mode \(octal) lets \(who) read it (group/world-readable); secrets must be readable by their owner only: run chmod 600 \(loose)\n"),
                "stderr: \(refused.stderr)")
            #expect(!refused.stderr.contains(Self.secret))
        }
        let empty = try writeFile("\n", named: "empty", in: directory)
        let emptyResult = await runProbe(["probe", "--db", "x", "--token-file", empty])
        #expect(emptyResult.code == 2 && emptyResult.stderr.contains("the file is empty"))
        let missing = await runProbe(["probe", "--db", "x", "--token-file", directory.appendingPathComponent("nope").path])
        #expect(missing.code == 2 && missing.stderr.contains("cannot open it (No such file or directory)"))
    }

    @Test func environmentValueAndEnvironmentFile() async throws {
        let directory = try makeTemporaryDirectory("secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let value = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_TOKEN": Self.secret])
        #expect(value.code == 0 && value.stdout.contains("token-ok=true"))
        #expect(value.stderr.split(separator: "\n").allSatisfy { !$0.contains("warning") })
        let file = try writeFile(Self.secret, in: directory)
        let viaFile = await runProbe(["probe", "--db", "x", "--print-config"], environment: ["PROBE_TOOL_TOKEN_FILE": file])
        #expect(viaFile.stdout.contains("# token = ********  (secret, masked)  # environment PROBE_TOOL_TOKEN_FILE (read from \(file))"))
        let both = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_TOKEN_FILE": file, "PROBE_TOOL_TOKEN": Self.secret])
        #expect(both.code == 2 && both.stderr.contains("PROBE_TOOL_TOKEN and PROBE_TOOL_TOKEN_FILE are all set"))
        #expect(!both.stderr.contains(Self.secret))
        // The command line wins over the environment, whatever the form.
        let other = try writeFile("check:other-secret-value", named: "other", in: directory)
        let flagWins = await runProbe(["probe", "--db", "x", "--token-file", other], environment: ["PROBE_TOOL_TOKEN": Self.secret])
        #expect(flagWins.stdout.contains("token-ok=false"))
    }

    @Test func bothFormsOnTheCommandLineIsAnError() async throws {
        let directory = try makeTemporaryDirectory("secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeFile(Self.secret, in: directory)
        let result = await runProbe(["probe", "--db", "x", "--token", Self.secret, "--token-file", file])
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("Error: Give either '--token <token>' or '--token-file <file>', not both\n"))
    }

    @Test func configFileHoldingASecretMustBePrivate() async throws {
        let directory = try makeTemporaryDirectory("secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let open = try writeFile("db = x\ntoken = \(Self.secret)\n", named: "open.conf", mode: 0o644, in: directory)
        let refused = await runProbe(["probe", "--config", open])
        #expect(refused.code == 2)
        #expect(refused.stderr.hasPrefix("Error: refusing config file \(open): its mode 0644 lets every local user read it"))
        #expect(refused.stderr.contains("(it holds the secret 'token')"))
        #expect(!refused.stderr.contains(Self.secret))
        let closed = try writeFile("db = x\ntoken = \(Self.secret)\n", named: "closed.conf", mode: 0o600, in: directory)
        let accepted = await runProbe(["probe", "--config", closed])
        #expect(accepted.code == 0 && accepted.stdout.contains("token-ok=true"))
        // A world-readable config file may name the secret's file: the file holding the secret is checked instead.
        let tokenFile = try writeFile(Self.secret, named: "token", mode: 0o600, in: directory)
        let pointer = try writeFile("db = x\ntoken-file = \(tokenFile)\n", named: "pointer.conf", mode: 0o644, in: directory)
        let viaPointer = await runProbe(["probe", "--config", pointer, "--print-config"])
        #expect(viaPointer.code == 0)
        #expect(viaPointer.stdout.contains("# token = ********  (secret, masked)  # file \(pointer):2 (read from \(tokenFile))"))
    }

    @Test func secretBearingFileOptionIsModeChecked() async throws {
        let directory = try makeTemporaryDirectory("secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let open = try writeFile("as_token: a\nhs_token: b\n", named: "reg.yaml", mode: 0o644, in: directory)
        let refused = await runProbe(["probe", "--db", "x", "--registration", open])
        #expect(refused.code == 2)
        #expect(refused.stderr.hasPrefix("Error: refusing --registration \(open): its mode 0644"))
        let closed = try writeFile("as_token: a\nhs_token: b\n", named: "reg2.yaml", mode: 0o600, in: directory)
        let accepted = await runProbe(["probe", "--db", "x", "--registration", closed])
        #expect(accepted.code == 0)
        let bytes = try SecretFile.read(closed, purpose: "--registration")
        #expect(String(decoding: bytes, as: UTF8.self) == "as_token: a\nhs_token: b\n")
    }

    @Test func secretsAreRedactedFromErrorsAndLogs() async {
        let failed = await runProbe(["probe", "--db", "fail", "--token", Self.secret])
        #expect(failed.code == 1)
        #expect(failed.stderr.contains("Error: cannot use token *** here\n"))
        #expect(!failed.stderr.contains(Self.secret))
        let logged = await runProbe(["probe", "--db", "x"], environment: ["PROBE_TOOL_TOKEN": Self.secret])
        #expect(logged.stderr.contains("ran with token ***"))
        #expect(!logged.stderr.contains(Self.secret))
    }

    @Test func helpNeverShowsASecretDefaultAndExplainsTheFileForm() async {
        struct WithDefault: Command {
            static let name = "d"
            static let abstract = "D."
            static let options: [OptionSpec] = [.option("key", valueName: "k", help: "A key.", defaultValue: "s3cr3t-default", secret: true)]
            static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 { 0 }
        }
        let tool = CommandLineTool(name: "t", abstract: "T.", version: "1", commands: [WithDefault.self])
        let help = await runTool(["d", "--help"], tool: tool)
        #expect(!help.stdout.contains("s3cr3t-default"))
        #expect(help.stdout.contains("  --key <k>               A key. (secret: prefer --key-file or T_KEY)\n"))
        #expect(help.stdout.contains("  --key-file <file>       Read --key from this file (refused when\n                          group/world-readable).\n"))
        let printed = await runTool(["d", "--print-config"], tool: tool)
        #expect(!printed.stdout.contains("s3cr3t-default"))
    }
}

@Suite struct LoggingTests {
    @Test func jsonLogsMakeEveryStderrLineAJSONObject() async throws {
        let secret = ConfigurationTests.secret
        for arguments in [
            ["probe", "--db", "x", "--token", secret, "--log-format", "json"],
            ["probe", "--db", "fail", "--token", secret, "--log-format", "json"],
            ["probe", "--bogus", "--log-format", "json"],
            ["probe", "--db", "x", "--log-format=json", "--log-level", "debug"],
        ] {
            let result = await runProbe(arguments)
            #expect(!result.stderr.isEmpty)
            for line in result.stderr.split(separator: "\n") {
                let json = try JSON(parsing: String(line))
                #expect(json["ts"]?.stringValue?.hasSuffix("Z") == true, "line: \(line)")
                #expect(["debug", "info", "warning", "error"].contains(json["level"]?.stringValue ?? ""), "line: \(line)")
                #expect(json["msg"]?.stringValue != nil, "line: \(line)")
            }
            #expect(!result.stderr.contains(secret))
        }
        let failed = await runProbe(["probe", "--db", "fail", "--log-format", "json"])
        let last = try JSON(parsing: String(failed.stderr.split(separator: "\n").last ?? ""))
        #expect(last["level"] == .string("error"))
        #expect(last["exit_code"] == .number("1"))
        let usage = await runProbe(["probe", "--bogus"], environment: ["PROBE_TOOL_LOG_FORMAT": "json"])
        let usageLine = try JSON(parsing: String(usage.stderr.split(separator: "\n").first ?? ""))
        #expect(usageLine["msg"] == .string("Unknown option '--bogus'"))
        #expect(usageLine["exit_code"] == .number("2"))
    }

    @Test func levelsFilter() async {
        let quiet = await runProbe(["probe", "--db", "x", "--log-level", "warning"])
        #expect(!quiet.stderr.contains("ran with token"))
        let chatty = await runProbe(["probe", "--db", "x", "--log-level", "info"])
        #expect(chatty.stderr.contains(" info ran with token -"))
    }

    @Test func logFileReceivesLinesAndReopensAfterRotation() async throws {
        let directory = try makeTemporaryDirectory("logs")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bridge.log").path
        let result = await runProbe(["probe", "--db", "x", "--log-file", path, "--log-format", "json"])
        #expect(result.code == 0)
        #expect(result.stderr.isEmpty)
        let logged = try String(contentsOfFile: path, encoding: .utf8)
        #expect(logged.contains("\"msg\":\"ran with token -\""))

        let logger = try Logger(format: .text, minimumLevel: .info, filePath: path)
        logger.info("before rotation")
        let rotated = directory.appendingPathComponent("bridge.log.1").path
        try FileManager.default.moveItem(atPath: path, toPath: rotated)
        logger.info("still the old file")
        #expect(try logger.reopen())
        logger.info("after rotation", [("n", 1), ("quoted", "a b")])
        let old = try String(contentsOfFile: rotated, encoding: .utf8)
        let new = try String(contentsOfFile: path, encoding: .utf8)
        #expect(old.contains("before rotation") && old.contains("still the old file"))
        #expect(new.contains(" info after rotation n=1 quoted=\"a b\"\n") && !new.contains("before"))
        let unwritable = await runProbe(["probe", "--db", "x", "--log-file", "/nonexistent/dir/x.log"])
        #expect(unwritable.code == 2)
        #expect(unwritable.stderr.hasPrefix("Error: cannot open the log file /nonexistent/dir/x.log: No such file or directory"))
    }

    @Test func jsonModeTurnsPlainStderrLinesIntoEvents() throws {
        let capture = CapturedOutput()
        let logger = Logger(format: .json, output: capture)
        let stderr = LogLineOutput(logger: logger)
        stderr.write("phase one: 3/10")
        stderr.write(" (2/s)\nError: it broke\nwarning: careful\n\r\u{1B}[Kredrawn\n")
        let lines = capture.text.split(separator: "\n").map { try? JSON(parsing: String($0)) }
        #expect(lines.count == 4)
        #expect(lines[0]?["msg"] == .string("phase one: 3/10 (2/s)") && lines[0]?["level"] == .string("info"))
        #expect(lines[1]?["msg"] == .string("it broke") && lines[1]?["level"] == .string("error"))
        #expect(lines[2]?["level"] == .string("warning"))
        #expect(lines[3]?["msg"] == .string("redrawn"))
    }

    @Test func socialLogAndWebSocketLoggerGoThroughTheLogger() throws {
        let capture = CapturedOutput()
        let logger = Logger(format: .json, minimumLevel: .debug, output: capture)
        logger.addSecrets(["tok-123456"])
        logger.socialLog(component: "social-rpc")("dropped an update for tok-123456", level: .warning, fields: [("kind", "friendship")])
        logger.webSocketLogger.log(.debug, "connection 1 open /")
        let lines = capture.text.split(separator: "\n").map { try? JSON(parsing: String($0)) }
        #expect(lines.count == 2)
        #expect(lines[0]?["msg"] == .string("dropped an update for ***"))
        #expect(lines[0]?["component"] == .string("social-rpc") && lines[0]?["kind"] == .string("friendship"))
        #expect(lines[1]?["component"] == .string("websocket") && lines[1]?["level"] == .string("debug"))
    }
}
