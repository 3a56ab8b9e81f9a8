/// The result of parsing one command's words and merging the environment and the config file:
/// option values, flags and positional arguments, with typed accessors that turn malformed values into
/// `UsageError`s, and where each value came from.
public struct ParsedArguments: Sendable, Equatable {
    /// Option values by long name, in order, from whichever source won (defaults are not stored here).
    public private(set) var optionValues: [String: [String]] = [:]
    /// Flags that are set (given on the command line, or `true` in the environment or the config file).
    public private(set) var flags: Set<String> = []
    /// Positional arguments by name, in order.
    public private(set) var positionals: [String: [String]] = [:]
    /// Where each set option or flag came from (absent: default or unset).
    public private(set) var sources: [String: ConfigurationSource] = [:]
    /// The specs the arguments were parsed against (for defaults and error messages).
    let options: [OptionSpec]

    init(options: [OptionSpec]) { self.options = options }

    mutating func add(value: String, for name: String) { optionValues[name, default: []].append(value) }
    mutating func set(values: [String], for name: String) { optionValues[name] = values }
    mutating func set(flag name: String) { flags.insert(name) }
    mutating func add(positional: String, for name: String) { positionals[name, default: []].append(positional) }
    mutating func set(positionals: [String: [String]]) { self.positionals = positionals }
    mutating func set(source: ConfigurationSource, for name: String) { sources[name] = source }

    /// Where the value of `--name` came from; nil when it is the default or unset.
    public func source(of name: String) -> ConfigurationSource? { sources[name] }

    /// The values of every secret option that is set, for redaction.
    var secretValues: [String] {
        options.filter(\.isSecret).flatMap { optionValues[$0.name] ?? [] }
    }

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value of `--name`, or its default, or nil.
    public func string(_ name: String) -> String? {
        optionValues[name]?.last ?? spec(name)?.defaultValue
    }

    /// Every value of a repeatable `--name` (the default alone when none was given).
    public func strings(_ name: String) -> [String] {
        if let values = optionValues[name], !values.isEmpty { return values }
        return spec(name)?.defaultValue.map { [$0] } ?? []
    }

    /// The value of `--name` converted to `T`, nil when absent without default.
    /// - Throws: `UsageError` when the value does not convert.
    public func value<T: ArgumentValue>(_ name: String, as type: T.Type = T.self) throws(UsageError) -> T? {
        guard let text = string(name) else { return nil }
        return try convert(text, T.self, name: name)
    }

    /// Like `value(_:as:)` but the option must have a value (given or default).
    /// - Throws: `UsageError` when it is missing or does not convert.
    public func required<T: ArgumentValue>(_ name: String, as type: T.Type = T.self) throws(UsageError) -> T {
        guard let value = try value(name, as: T.self) else {
            throw UsageError("Missing expected argument '\(spec(name)?.synopsis ?? "--\(name)")'")
        }
        return value
    }

    /// Every value of `--name` converted to `T`.
    /// - Throws: `UsageError` naming the first value that does not convert.
    public func values<T: ArgumentValue>(_ name: String, as type: T.Type = T.self) throws(UsageError) -> [T] {
        var out: [T] = []
        for text in strings(name) { out.append(try convert(text, T.self, name: name)) }
        return out
    }

    /// The positional argument `name` (first value), nil when absent.
    public func positional(_ name: String) -> String? { positionals[name]?.first }

    /// Every value of a repeatable positional argument.
    public func positionalValues(_ name: String) -> [String] { positionals[name] ?? [] }

    private func spec(_ name: String) -> OptionSpec? { options.first { $0.name == name } }

    private func convert<T: ArgumentValue>(_ text: String, _ type: T.Type, name: String) throws(UsageError) -> T {
        guard let value = T(argument: text) else {
            let spec = spec(name)
            let label = spec?.synopsis ?? "--\(name)"
            // A value from the environment or a config file is hard to find without its source; a secret is never echoed.
            var origin = ""
            if let source = sources[name], !source.isCommandLine { origin = " (from \(source))" }
            let shown = spec?.isSecret == true ? "<secret>" : text
            throw UsageError("The value '\(shown)' is invalid for '\(label)'\(origin); expected \(T.expectation)")
        }
        return value
    }
}

/// A type an option value converts to.
public protocol ArgumentValue: Sendable {
    /// The value, or nil when `argument` is malformed.
    init?(argument: String)
    /// What a valid value looks like, for error messages ("an integer").
    static var expectation: String { get }
}

extension String: ArgumentValue {
    public init?(argument: String) { self = argument }
    public static var expectation: String { "a string" }
}

extension Int: ArgumentValue {
    public init?(argument: String) { self.init(argument, radix: 10) }
    public static var expectation: String { "an integer" }
}

extension Int64: ArgumentValue {
    public init?(argument: String) { self.init(argument, radix: 10) }
    public static var expectation: String { "an integer" }
}

extension UInt16: ArgumentValue {
    public init?(argument: String) { self.init(argument, radix: 10) }
    public static var expectation: String { "an integer from 0 to 65535" }
}

extension Double: ArgumentValue {
    public init?(argument: String) {
        guard let value = Double(argument), value.isFinite else { return nil }
        self = value
    }
    public static var expectation: String { "a number" }
}
