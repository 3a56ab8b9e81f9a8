import BridgeCLI

/// A leaf command exercising every kind of option, used to pin the framework's behaviour.
struct GreetCommand: Command {
    static let name = "greet"
    static let abstract = "Greets someone, possibly several times."
    static let discussion: String? = "Prints one line per greeting.\nExits 1 when --fail is given."
    static let arguments = [ArgumentSpec("file", help: "Where the greeting would be saved.", required: false)]
    static let options: [OptionSpec] = [
        .option("name", valueName: "name", help: "Who to greet.", required: true),
        .option("times", short: "t", valueName: "n", help: "How many greetings.", defaultValue: "1"),
        .option("format", valueName: "format", help: "Output format.", defaultValue: "text", allowedValues: ["text", "json"]),
        .option("tag", valueName: "tag", help: "A tag added to each greeting; may be repeated, and this help text is long enough to wrap onto a second line.", repeatable: true),
        .option("a-really-long-option-name", valueName: "value", help: "Shows the help column overflow."),
        .flag("loud", short: "l", help: "Shout."),
        .flag("fail", help: "Fail at run time."),
    ]

    struct Failure: Error, CustomStringConvertible { var description: String { "greeting failed on purpose" } }

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        if arguments.flag("fail") { throw Failure() }
        let name: String = try arguments.required("name")
        let times: Int = try arguments.required("times")
        guard times >= 0 else { throw UsageError("--times must not be negative") }
        let tags = arguments.strings("tag").joined(separator: ",")
        for _ in 0..<times {
            let text = "hello \(name)" + (tags.isEmpty ? "" : " [\(tags)]")
            context.stdout.line(arguments.flag("loud") ? text.uppercased() : text)
        }
        if let file = arguments.positional("file") { context.stderr.line("would save to \(file)") }
        context.stderr.line("path: \(context.commandPath.joined(separator: " "))")
        return 0
    }
}

/// A command group with one nested leaf.
struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Runs benchmarks."
    static let subcommands: [any Command.Type] = [SpinCommand.self]
}

struct SpinCommand: Command {
    static let name = "spin"
    static let abstract = "Spins."
    static let options: [OptionSpec] = [.option("count", valueName: "n", help: "Spins to do.", defaultValue: "3")]
    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let count: Int = try arguments.required("count")
        context.stdout.line("spun \(count)")
        return 0
    }
}

/// Runs a tool and captures everything.
struct Captured {
    var code: Int32
    var stdout: String
    var stderr: String
}

let sampleTool = CommandLineTool(
    name: "demo", abstract: "A demo tool.", version: "9.8.7", commands: [GreetCommand.self, BenchCommand.self])

func runTool(_ arguments: [String], tool: CommandLineTool = sampleTool) async -> Captured {
    let out = CapturedOutput(), err = CapturedOutput()
    let code = await tool.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err))
    return Captured(code: code, stdout: out.text, stderr: err.text)
}
