/// A named option of a command: a flag (`--dry-run`) or an option taking a value (`--db <file>`).
///
/// Every option can also come from the environment (`SOCIAL_BRIDGE_DB`) and from a `--config` file
/// (`db = …`); see `ConfigurationResolver` for the precedence. Two kinds of options get more from the
/// framework:
/// - a **secret** (`secret: true`, e.g. `--admin-token`) also accepts `--<name>-file PATH` and the
///   variables `<PREFIX>_<NAME>` / `<PREFIX>_<NAME>_FILE`; a file (and a config file holding the value)
///   is refused when group/world-readable; the plain flag works but logs a warning; the value is masked
///   in `--print-config`, never shown as a default and scrubbed from logs and error messages;
/// - a **secret file** (`secretFile: true`, e.g. a registration YAML holding tokens): the value is a path,
///   refused when group/world-readable, exactly as `--<secret>-file` paths are.
public struct OptionSpec: Sendable, Equatable {
    /// Long name without the dashes (`db` for `--db`).
    public var name: String
    /// Optional one-letter alias (`v` for `-v`).
    public var short: Character?
    /// One-line help text.
    public var help: String
    /// The placeholder shown in help (`file` → `<file>`); nil makes the option a flag.
    public var valueName: String?
    /// Value used when the option is absent; shown as `(default: …)` (never for secrets).
    public var defaultValue: String?
    /// The only accepted values, shown as `(values: …)`; nil accepts anything.
    public var allowedValues: [String]?
    /// Whether the option must have a value (from the command line, the environment or the config file).
    public var isRequired: Bool
    /// Whether the option may be given several times (all values are kept, in order).
    public var isRepeatable: Bool
    /// Whether the value is a secret (see the type's documentation).
    public var isSecret: Bool
    /// Whether the value is the path of a file holding secrets, refused when group/world-readable.
    public var isSecretFile: Bool
    /// Other long names for the same option (kept working when an option is renamed): accepted on the
    /// command line (and as `--<alias>-file` for secrets), as `<PREFIX>_<ALIAS>` and as config file keys.
    public var aliases: [String]
    /// Whether the environment and config files may set the option (false for `--print-config`).
    var isConfigurable: Bool
    /// Whether a config file may set the option (false for `--config` itself).
    var isFileConfigurable: Bool

    init(
        name: String, short: Character? = nil, help: String, valueName: String?, defaultValue: String? = nil,
        allowedValues: [String]? = nil, isRequired: Bool = false, isRepeatable: Bool = false, isSecret: Bool = false,
        isSecretFile: Bool = false, aliases: [String] = [], isConfigurable: Bool = true, isFileConfigurable: Bool = true
    ) {
        self.name = name
        self.short = short
        self.help = help
        self.valueName = valueName
        self.defaultValue = defaultValue
        self.allowedValues = allowedValues
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
        self.isSecret = isSecret
        self.isSecretFile = isSecretFile
        self.aliases = aliases
        self.isConfigurable = isConfigurable
        self.isFileConfigurable = isFileConfigurable && isConfigurable
    }

    /// A flag: present or absent, no value.
    /// - Parameters:
    ///   - name: long name without dashes.
    ///   - short: optional one-letter alias.
    ///   - help: one-line help.
    ///   - aliases: other long names accepted for it.
    public static func flag(_ name: String, short: Character? = nil, help: String, aliases: [String] = []) -> OptionSpec {
        OptionSpec(name: name, short: short, help: help, valueName: nil, aliases: aliases)
    }

    /// An option taking a value.
    /// - Parameters:
    ///   - name: long name without dashes.
    ///   - valueName: placeholder shown in help.
    ///   - help: one-line help.
    ///   - defaultValue: value when absent (makes `isRequired` meaningless).
    ///   - allowedValues: the accepted values, if the set is closed.
    ///   - required: whether the option must be given.
    ///   - repeatable: whether it may be given more than once.
    ///   - secret: the value is a secret (a token, a key): adds `--<name>-file`, masks it everywhere.
    ///   - secretFile: the value is the path of a file holding secrets: refused when group/world-readable.
    ///   - aliases: other long names accepted for it.
    public static func option(
        _ name: String, short: Character? = nil, valueName: String, help: String,
        defaultValue: String? = nil, allowedValues: [String]? = nil, required: Bool = false, repeatable: Bool = false,
        secret: Bool = false, secretFile: Bool = false, aliases: [String] = []
    ) -> OptionSpec {
        OptionSpec(name: name, short: short, help: help, valueName: valueName, defaultValue: defaultValue,
                   allowedValues: allowedValues, isRequired: required && defaultValue == nil, isRepeatable: repeatable,
                   isSecret: secret, isSecretFile: secretFile, aliases: aliases)
    }

    /// Whether the option is a flag (takes no value).
    public var isFlag: Bool { valueName == nil }

    /// The name and the aliases, canonical name first.
    public var allNames: [String] { [name] + aliases }

    /// `--db <file>` / `--dry-run`, as usage lines and error messages spell the option.
    public var synopsis: String {
        guard let valueName else { return "--\(name)" }
        return "--\(name) <\(valueName)>"
    }

    /// `--admin-token-file <file>`: the file form of a secret.
    var fileSynopsis: String { "--\(name)-file <file>" }

    /// `-v, --verbose` / `--db <file>`, as the OPTIONS column spells it.
    var helpLabel: String {
        guard let short else { return synopsis }
        return "-\(short), " + synopsis
    }
}

/// A positional argument of a command.
public struct ArgumentSpec: Sendable, Equatable {
    /// Name used in help and error messages (`file` → `<file>`).
    public var name: String
    /// One-line help text.
    public var help: String
    /// Whether it must be present.
    public var isRequired: Bool
    /// Whether it swallows all remaining positional words (only the last argument may).
    public var isRepeatable: Bool

    /// A positional argument.
    public init(_ name: String, help: String, required: Bool = true, repeatable: Bool = false) {
        self.name = name
        self.help = help
        self.isRequired = required
        self.isRepeatable = repeatable
    }

    /// `<file>`, `[<file>]`, `<file> ...`.
    var synopsis: String {
        let core = isRepeatable ? "<\(name)> ..." : "<\(name)>"
        return isRequired ? core : "[\(core)]"
    }
}
