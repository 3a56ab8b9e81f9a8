import BridgeJSON

/// `--print-config`: the effective configuration, one key per option with its source, secrets masked.
///
/// The text form is itself a valid `key = value` config file (secrets and unset options are comments),
/// so an operator can start a config file from it.
enum ConfigurationPrinter {
    /// What a masked secret shows instead of its value.
    static let mask = "********"

    /// `key = value  # source` lines.
    static func text(_ configuration: ResolvedConfiguration, command: String) -> String {
        var lines = [
            "# \(command): effective configuration (precedence: flag > environment > file > default)",
            "# config file: " + (configuration.configFile.map { "\($0.path) (\($0.source))" } ?? "none"),
        ]
        let arguments = configuration.arguments
        for spec in printable(arguments.options) {
            let origin = arguments.source(of: spec.name)?.description
            if spec.isFlag {
                lines.append("\(spec.name) = \(arguments.flag(spec.name))  # \(origin ?? "default")")
                continue
            }
            let values = arguments.optionValues[spec.name] ?? spec.defaultValue.map { [$0] } ?? []
            if values.isEmpty {
                lines.append("# \(spec.name) is not set" + (spec.isRequired ? " (required)" : ""))
                continue
            }
            if spec.isSecret {
                lines.append("# \(spec.name) = \(mask)  (secret, masked)  # \(origin ?? "default")")
                continue
            }
            for value in values {
                lines.append("\(spec.name) = \(JSON.quoted(value))  # \(origin ?? "default")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object: `{"command", "config_file", "options": {name: {"value", "source", "from"?, "secret"?, "required"?}}}`.
    static func json(_ configuration: ResolvedConfiguration, command: String) -> String {
        let arguments = configuration.arguments
        var options: [JSON.Member] = []
        for spec in printable(arguments.options) {
            let source = arguments.source(of: spec.name)
            var entry: [JSON.Member] = []
            let values = arguments.optionValues[spec.name] ?? spec.defaultValue.map { [$0] } ?? []
            let value: JSON
            if spec.isFlag {
                value = .bool(arguments.flag(spec.name))
            } else if values.isEmpty {
                value = .null
            } else if spec.isSecret {
                value = .string(mask)
            } else if spec.isRepeatable {
                value = .array(values.map(JSON.string))
            } else {
                value = .string(values.last ?? "")
            }
            entry.append(JSON.Member("value", value))
            let kind = source?.kind.rawValue ?? (values.isEmpty && !spec.isFlag ? "unset" : "default")
            entry.append(JSON.Member("source", .string(kind)))
            if let source { entry.append(JSON.Member("from", .string(source.description))) }
            if spec.isSecret { entry.append(JSON.Member("secret", .bool(true))) }
            if spec.isRequired { entry.append(JSON.Member("required", .bool(true))) }
            options.append(JSON.Member(spec.name, .object(entry)))
        }
        let root = JSON.object([
            JSON.Member("command", .string(command)),
            JSON.Member("config_file", configuration.configFile.map { .string($0.path) } ?? .null),
            JSON.Member("options", .object(options)),
        ])
        return root.serialized(pretty: true) + "\n"
    }

    /// Every option but `--print-config` and `--config` (shown in the header).
    private static func printable(_ options: [OptionSpec]) -> [OptionSpec] {
        options.filter { $0.name != CommonOptions.printConfig.name && $0.name != CommonOptions.config.name }
    }
}
