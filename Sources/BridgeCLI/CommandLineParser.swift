/// What the command line itself said, before the environment, the config file and defaults are merged
/// in (`ConfigurationResolver`). Values are stored under each option's canonical name.
struct CommandLineValues: Sendable, Equatable {
    /// Values given as `--name value` / `--name=value` (or an alias).
    var values: [String: [String]] = [:]
    /// Paths given as `--<secret>-file PATH`.
    var secretFiles: [String: String] = [:]
    /// How each given option was spelled (`--homeserver-token`, `--admin-token-file`), for sources and warnings.
    var spelled: [String: String] = [:]
    /// Flags that were given.
    var flags: Set<String> = []
    /// Positional arguments by name, in order.
    var positionals: [String: [String]] = [:]
    /// Required positional arguments that are missing (an error unless only `--print-config` runs).
    var missingPositionals: [ArgumentSpec] = []
}

/// Turns one command's words into `CommandLineValues`, checking them against the command's specs.
enum CommandLineParser {
    /// One spelling of an option: the spec and whether it is the `--<secret>-file` form.
    private struct Spelling {
        var spec: OptionSpec
        var isFileForm: Bool
    }

    /// Parses `words` (everything after the command's own name). Required options are checked later,
    /// once every source is known.
    /// - Throws: `UsageError` for an unknown option, a missing or disallowed value, a repeated single
    ///   option, or an unexpected or missing positional argument.
    static func parse(_ words: [String], options: [OptionSpec], arguments: [ArgumentSpec]) throws(UsageError) -> CommandLineValues {
        var parsed = CommandLineValues()
        var positionalWords: [String] = []
        var index = 0
        var onlyPositionals = false
        let spellings = spellingTable(options)
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || word == "-" || !word.hasPrefix("-") || isNegativeNumber(word) {
                positionalWords.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            let (spelling, inlineValue, spelled) = try lookUp(word, in: options, spellings: spellings)
            let spec = spelling.spec
            if spec.isFlag {
                if let inlineValue {
                    // `--print-config=json` is the one flag with a value.
                    guard spec.name == CommonOptions.printConfig.name, CommonOptions.printConfigFormats.contains(inlineValue) else {
                        throw UsageError("The option '\(spelled)' does not take a value")
                    }
                    parsed.values[spec.name] = [inlineValue]
                }
                if parsed.flags.contains(spec.name) && !spec.isRepeatable {
                    throw UsageError("The option '\(spec.synopsis)' may be given only once")
                }
                parsed.flags.insert(spec.name)
                parsed.spelled[spec.name] = spelled
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < words.count, !words[index].hasPrefix("--") {
                value = words[index]
                index += 1
            } else {
                throw UsageError("Missing value for '\(spelling.isFileForm ? spec.fileSynopsis : spec.synopsis)'")
            }
            if spelling.isFileForm {
                if parsed.secretFiles[spec.name] != nil { throw UsageError("The option '\(spec.fileSynopsis)' may be given only once") }
                if parsed.values[spec.name] != nil { throw bothForms(spec) }
                parsed.secretFiles[spec.name] = value
                parsed.spelled[spec.name] = spelled
                continue
            }
            if parsed.secretFiles[spec.name] != nil { throw bothForms(spec) }
            if let allowed = spec.allowedValues, !allowed.contains(value) {
                throw UsageError(
                    "The value '\(spec.isSecret ? "<secret>" : value)' is invalid for '\(spec.synopsis)'; expected one of: \(allowed.joined(separator: ", "))")
            }
            if parsed.values[spec.name] != nil && !spec.isRepeatable {
                throw UsageError("The option '\(spec.synopsis)' may be given only once")
            }
            parsed.values[spec.name, default: []].append(value)
            parsed.spelled[spec.name] = spelled
        }
        try assign(positionalWords, to: arguments, in: &parsed)
        return parsed
    }

    /// Whether `words` asks for help (`-h`/`--help` before any `--`).
    static func asksForHelp(_ words: [String]) -> Bool {
        for word in words {
            if word == "--" { return false }
            if word == "-h" || word == "--help" { return true }
        }
        return false
    }

    private static func bothForms(_ spec: OptionSpec) -> UsageError {
        UsageError("Give either '\(spec.synopsis)' or '\(spec.fileSynopsis)', not both")
    }

    /// Every long spelling: names, aliases and, for secrets, their `-file` forms.
    private static func spellingTable(_ options: [OptionSpec]) -> [String: Spelling] {
        var table: [String: Spelling] = [:]
        for spec in options {
            for name in spec.allNames {
                table[name] = Spelling(spec: spec, isFileForm: false)
                if spec.isSecret { table[name + "-file"] = Spelling(spec: spec, isFileForm: true) }
            }
        }
        return table
    }

    private static func lookUp(
        _ word: String, in options: [OptionSpec], spellings: [String: Spelling]
    ) throws(UsageError) -> (Spelling, String?, String) {
        if word.hasPrefix("--") {
            let body = word.dropFirst(2)
            let name: Substring, inline: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                inline = String(body[body.index(after: equals)...])
            } else {
                name = body
                inline = nil
            }
            guard let spelling = spellings[String(name)] else {
                throw UsageError("Unknown option '--\(name)'")
            }
            return (spelling, inline, "--\(name)")
        }
        let letters = Array(word.dropFirst())
        guard letters.count == 1, let spec = options.first(where: { $0.short == letters[0] }) else {
            throw UsageError("Unknown option '\(word)'")
        }
        return (Spelling(spec: spec, isFileForm: false), nil, word)
    }

    private static func assign(_ words: [String], to arguments: [ArgumentSpec], in parsed: inout CommandLineValues) throws(UsageError) {
        var argumentIndex = 0
        for word in words {
            guard argumentIndex < arguments.count else { throw UsageError("Unexpected argument '\(word)'") }
            let spec = arguments[argumentIndex]
            parsed.positionals[spec.name, default: []].append(word)
            if !spec.isRepeatable { argumentIndex += 1 }
        }
        parsed.missingPositionals = arguments.filter { $0.isRequired && parsed.positionals[$0.name]?.first == nil }
    }

    private static func isNegativeNumber(_ word: String) -> Bool {
        word.count > 1 && word.first == "-" && Double(word.dropFirst()) != nil
    }
}
