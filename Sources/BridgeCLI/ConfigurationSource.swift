/// Where an option's value came from: the command line, the environment or a config file
/// (a default has no source). Printed by `--print-config` and in error messages about values.
public struct ConfigurationSource: Sendable, Equatable, CustomStringConvertible {
    /// The three places a value may come from, strongest first.
    public enum Kind: String, Sendable, Equatable {
        case flag, environment, file
    }

    /// Which place.
    public var kind: Kind
    /// The option as spelled (`--homeserver-token`), the variable (`SOCIAL_BRIDGE_DB`) or the file's path.
    public var name: String
    /// The 1-based line, for config files.
    public var line: Int?
    /// For a secret read from a file (`--admin-token-file`, `…_FILE`, `admin-token-file = …`): that file.
    public var secretFile: String?

    /// A source.
    public init(kind: Kind, name: String, line: Int? = nil, secretFile: String? = nil) {
        self.kind = kind
        self.name = name
        self.line = line
        self.secretFile = secretFile
    }

    /// Whether the value was given on the command line.
    public var isCommandLine: Bool { kind == .flag }

    /// `flag --db`, `environment SOCIAL_BRIDGE_DB`, `file /etc/social-bridge.conf:3`, plus ` (read from PATH)`.
    public var description: String {
        var text: String
        switch kind {
        case .flag: text = "flag \(name)"
        case .environment: text = "environment \(name)"
        case .file: text = "file \(name)" + (line.map { ":\($0)" } ?? "")
        }
        if let secretFile { text += " (read from \(secretFile))" }
        return text
    }
}
