import BridgeJSON
import Migration

/// `social-bridge mappings`: the legacy layout mappings built into the binary.
enum MappingsCommand: Command {
    static let name = "mappings"
    static let abstract = "List or print the built-in legacy layout mappings."
    static let discussion: String? = """
        The binary carries the mappings of the source tree's mappings/ directory. migrate \
        --mapping NAME uses one of them; --mapping FILE reads your own (start one from \
        'social-bridge mappings show decentraland > my-mapping.json').
        """
    static let subcommands: [any Command.Type] = [MappingsListCommand.self, MappingsShowCommand.self]
}

/// `social-bridge mappings list`.
enum MappingsListCommand: Command {
    static let name = "list"
    static let abstract = "List the built-in mappings: name, event type and the mapping's own name."
    static let options: [OptionSpec] = [.flag("json", help: "Print a JSON array instead of the table.")]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        var rows: [(String, String, String)] = []
        for name in Mapping.builtInNames {
            let mapping = try Mapping.builtIn(named: name)
            rows.append((name, mapping?.eventType ?? "", mapping?.name ?? ""))
        }
        if arguments.flag("json") {
            let entries = rows.map { row in
                JSON.object([JSON.Member("name", .string(row.0)), JSON.Member("event_type", .string(row.1)), JSON.Member("description", .string(row.2))])
            }
            context.stdout.line(JSON.array(entries).serialized())
            return ExitCode.success
        }
        var table = TextTable(headers: ["NAME", "EVENT TYPE", "DESCRIPTION"])
        for row in rows { table.append([row.0 + (row.0 == Mapping.defaultBuiltInName ? " (default)" : ""), row.1, row.2]) }
        context.stdout.write(table.render())
        return ExitCode.success
    }
}

/// `social-bridge mappings show NAME`.
enum MappingsShowCommand: Command {
    static let name = "show"
    static let abstract = "Print a built-in mapping exactly as its file in the source tree."
    static let arguments = [ArgumentSpec("name", help: "A built-in mapping (see 'mappings list').")]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let name = arguments.positional("name") ?? ""
        guard let json = Mapping.builtInJSON(named: name) else {
            throw UsageError("No built-in mapping named '\(name)'; expected one of: \(Mapping.builtInNames.joined(separator: ", "))")
        }
        context.stdout.write(json)
        return ExitCode.success
    }
}
