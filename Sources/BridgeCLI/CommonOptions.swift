/// The options every leaf command gets from the framework, after its own: configuration and logging.
enum CommonOptions {
    static let config = OptionSpec(
        name: "config", help: "Read options from this file: a JSON object or key = value lines (see README).",
        valueName: "file", isFileConfigurable: false)
    /// `--print-config` or `--print-config=json`.
    static let printConfig = OptionSpec(
        name: "print-config", help: "Print the effective configuration (each key's source, secrets masked) and exit 0; =json for JSON.",
        valueName: nil, isConfigurable: false)
    static let logFormat = OptionSpec.option(
        "log-format", valueName: "format", help: "Log lines as text, or one JSON object per line (ts, level, msg, fields).",
        defaultValue: "text", allowedValues: LogFormat.allCases.map(\.rawValue))
    static let logLevel = OptionSpec.option(
        "log-level", valueName: "level", help: "The least severe level written.",
        defaultValue: "info", allowedValues: LogLevel.allCases.map(\.rawValue))
    static let logFile = OptionSpec.option(
        "log-file", valueName: "file", help: "Append log lines to this file instead of stderr (serve reopens it on SIGHUP).")

    /// In the order help lists them.
    static let all: [OptionSpec] = [config, printConfig, logFormat, logLevel, logFile]

    /// The values `--print-config=<value>` accepts.
    static let printConfigFormats = ["text", "json"]

    /// Whether `name` is one of these options.
    static func contains(_ name: String) -> Bool { all.contains { $0.name == name } }
}
