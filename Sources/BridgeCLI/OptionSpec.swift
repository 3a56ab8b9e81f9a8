/// A named option of a command: a flag (`--dry-run`) or an option taking a value (`--db <file>`).
public struct OptionSpec: Sendable, Equatable {
    /// Long name without the dashes (`db` for `--db`).
    public var name: String
    /// Optional one-letter alias (`v` for `-v`).
    public var short: Character?
    /// One-line help text.
    public var help: String
    /// The placeholder shown in help (`file` → `<file>`); nil makes the option a flag.
    public var valueName: String?
    /// Value used when the option is absent; shown as `(default: …)`.
    public var defaultValue: String?
    /// The only accepted values, shown as `(values: …)`; nil accepts anything.
    public var allowedValues: [String]?
    /// Whether the command line must give the option.
    public var isRequired: Bool
    /// Whether the option may be given several times (all values are kept, in order).
    public var isRepeatable: Bool

    /// A flag: present or absent, no value.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, help: help, valueName: nil, defaultValue: nil,
                   allowedValues: nil, isRequired: false, isRepeatable: false)
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
    public static func option(
        _ name: String, short: Character? = nil, valueName: String, help: String,
        defaultValue: String? = nil, allowedValues: [String]? = nil, required: Bool = false, repeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(name: name, short: short, help: help, valueName: valueName, defaultValue: defaultValue,
                   allowedValues: allowedValues, isRequired: required && defaultValue == nil, isRepeatable: repeatable)
    }

    /// Whether the option is a flag (takes no value).
    public var isFlag: Bool { valueName == nil }

    /// `--db <file>` / `--dry-run`, as usage lines and error messages spell the option.
    public var synopsis: String {
        guard let valueName else { return "--\(name)" }
        return "--\(name) <\(valueName)>"
    }

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
