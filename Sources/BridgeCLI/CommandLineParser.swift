/// Turns one command's words into `ParsedArguments`, checking them against the command's specs.
enum CommandLineParser {
    /// Parses `words` (everything after the command's own name).
    /// - Throws: `UsageError` for an unknown option, a missing or disallowed value, a repeated single
    ///   option, an unexpected or missing positional argument, or a missing required option.
    static func parse(_ words: [String], options: [OptionSpec], arguments: [ArgumentSpec]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(options: options)
        var positionalWords: [String] = []
        var index = 0
        var onlyPositionals = false
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
            let (spec, inlineValue, spelled) = try lookUp(word, in: options)
            if spec.isFlag {
                if inlineValue != nil { throw UsageError("The option '\(spelled)' does not take a value") }
                if parsed.flag(spec.name) && !spec.isRepeatable {
                    throw UsageError("The option '\(spec.synopsis)' may be given only once")
                }
                parsed.set(flag: spec.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < words.count, !words[index].hasPrefix("--") {
                value = words[index]
                index += 1
            } else {
                throw UsageError("Missing value for '\(spec.synopsis)'")
            }
            if let allowed = spec.allowedValues, !allowed.contains(value) {
                throw UsageError(
                    "The value '\(value)' is invalid for '\(spec.synopsis)'; expected one of: \(allowed.joined(separator: ", "))")
            }
            if parsed.optionValues[spec.name] != nil && !spec.isRepeatable {
                throw UsageError("The option '\(spec.synopsis)' may be given only once")
            }
            parsed.add(value: value, for: spec.name)
        }
        try assign(positionalWords, to: arguments, in: &parsed)
        for spec in options where spec.isRequired && parsed.optionValues[spec.name] == nil {
            throw UsageError("Missing expected argument '\(spec.synopsis)'")
        }
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

    private static func lookUp(_ word: String, in options: [OptionSpec]) throws(UsageError) -> (OptionSpec, String?, String) {
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
            guard let spec = options.first(where: { $0.name == name }) else {
                throw UsageError("Unknown option '--\(name)'")
            }
            return (spec, inline, "--\(name)")
        }
        let letters = Array(word.dropFirst())
        guard letters.count == 1, let spec = options.first(where: { $0.short == letters[0] }) else {
            throw UsageError("Unknown option '\(word)'")
        }
        return (spec, nil, word)
    }

    private static func assign(_ words: [String], to arguments: [ArgumentSpec], in parsed: inout ParsedArguments) throws(UsageError) {
        var argumentIndex = 0
        for word in words {
            guard argumentIndex < arguments.count else { throw UsageError("Unexpected argument '\(word)'") }
            let spec = arguments[argumentIndex]
            parsed.add(positional: word, for: spec.name)
            if !spec.isRepeatable { argumentIndex += 1 }
        }
        for spec in arguments where spec.isRequired && parsed.positional(spec.name) == nil {
            throw UsageError("Missing expected argument '<\(spec.name)>'")
        }
    }

    private static func isNegativeNumber(_ word: String) -> Bool {
        word.count > 1 && word.first == "-" && Double(word.dropFirst()) != nil
    }
}
