/// Renders help and usage text in the layout of swift-argument-parser (OVERVIEW, USAGE, ARGUMENTS,
/// OPTIONS, SUBCOMMANDS; help column at 26, lines wrapped at 80).
enum HelpFormatter {
    static let helpColumn = 26
    static let width = 80
    static let helpOption = OptionSpec.flag("help", short: "h", help: "Show help information.")

    /// The full `--help` text of `command` invoked as `path` (ends with a newline).
    static func help(for node: CommandNode, path: [String]) -> String {
        var out = "OVERVIEW: \(node.abstract)\n"
        if let discussion = node.discussion {
            // Discussions are laid out by their authors (paragraphs, lists), so they are printed as written.
            out += "\n" + discussion + "\n"
        }
        out += "\nUSAGE: \(usage(for: node, path: path))\n"
        if !node.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in node.arguments {
                out += row(label: "<\(argument.name)>", text: argument.help)
            }
        }
        out += "\nOPTIONS:\n"
        let prefix = EnvironmentNames.prefix(forTool: path.first ?? "")
        for option in node.options + [helpOption] {
            out += row(label: option.helpLabel, text: option.help + annotations(option, prefix: prefix))
            if option.isSecret {
                out += row(label: option.fileSynopsis, text: "Read \(option.synopsis.split(separator: " ")[0]) from this file (refused when group/world-readable).")
            }
        }
        if node.isLeaf {
            out += "\nCONFIGURATION AND LOGGING:\n"
            for option in CommonOptions.all {
                let label = option.name == CommonOptions.printConfig.name ? "--print-config[=json]" : option.helpLabel
                out += row(label: label, text: option.help + annotations(option, prefix: prefix))
            }
            out += "\n" + indentedParagraph(
                "Every option can also be set in the environment as \(prefix)_<OPTION> (upper case, dashes as underscores: "
                    + "\(prefix)_LOG_LEVEL for --log-level) or as a key of the --config file. Precedence: flag > environment "
                    + "> file > default.")
        }
        if !node.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for subcommand in node.subcommands {
                out += row(label: subcommand.name, text: subcommand.abstract)
            }
            out += "\n  See '\(path.joined(separator: " ")) help <subcommand>' for detailed help.\n"
        }
        return out
    }

    /// The one-line synopsis, e.g. `social-bridge export --db <file> [--format <format>]`.
    static func usage(for node: CommandNode, path: [String]) -> String {
        var parts = path
        if !node.subcommands.isEmpty {
            parts.append("<subcommand>")
            return parts.joined(separator: " ")
        }
        for option in node.options {
            // A secret is shown in the form to prefer: its file.
            var text = option.isSecret ? option.fileSynopsis : option.synopsis
            if option.isRepeatable { text += " ..." }
            parts.append(option.isRequired ? text : "[\(text)]")
        }
        for argument in node.arguments { parts.append(argument.synopsis) }
        return parts.joined(separator: " ")
    }

    /// The stderr text of a usage error (ends with a newline).
    static func usageError(_ error: UsageError, node: CommandNode, path: [String]) -> String {
        let name = path.joined(separator: " ")
        return "Error: \(error.message)\nUsage: \(usage(for: node, path: path))\n  See '\(name) --help' for more information.\n"
    }

    private static func annotations(_ option: OptionSpec, prefix: String) -> String {
        var notes: [String] = []
        if let allowed = option.allowedValues { notes.append("values: " + allowed.joined(separator: ", ")) }
        // A secret's default would be a secret printed by --help.
        if let value = option.defaultValue, !option.isSecret { notes.append("default: \(value)") }
        if option.isSecret {
            notes.append("secret: prefer \(option.fileSynopsis.split(separator: " ")[0]) or \(EnvironmentNames.variable(option.name, prefix: prefix))")
        }
        if !option.aliases.isEmpty { notes.append("alias: " + option.aliases.map { "--\($0)" }.joined(separator: ", ")) }
        return notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
    }

    /// A paragraph wrapped at the width, indented by two spaces (ends with a newline).
    private static func indentedParagraph(_ text: String) -> String {
        "  " + wrap(text, indent: 2, firstIndent: 2) + "\n"
    }

    private static func row(label: String, text: String) -> String {
        let lead = "  " + label
        if lead.count + 2 <= helpColumn {
            let padded = lead + String(repeating: " ", count: helpColumn - lead.count)
            return padded + wrap(text, indent: helpColumn, firstIndent: helpColumn) + "\n"
        }
        return lead + "\n" + String(repeating: " ", count: helpColumn) + wrap(text, indent: helpColumn, firstIndent: helpColumn) + "\n"
    }

    /// Greedy word wrap; `firstIndent` is the column the first line starts at (already written by the caller).
    private static func wrap(_ text: String, indent: Int, firstIndent: Int) -> String {
        var lines: [String] = []
        var current = ""
        var column = firstIndent
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !current.isEmpty && column + 1 + word.count > width {
                lines.append(current)
                current = String(word)
                column = indent + word.count
            } else {
                if !current.isEmpty { current += " "; column += 1 }
                current += word
                column += word.count
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }
}
