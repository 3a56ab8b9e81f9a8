import Foundation

extension BridgeCLI {
    /// The real process environment, read once per invocation.
    static func currentEnvironment() -> [String: String] { ProcessInfo.processInfo.environment }
}

/// How options are spelled in the environment: `<PREFIX>_<OPTION>`, upper case, dashes as underscores
/// (`SOCIAL_BRIDGE_ADMIN_TOKEN` for `--admin-token` of `social-bridge`).
public enum EnvironmentNames {
    /// The prefix of a tool's variables: its name in upper case with dashes as underscores (`SOCIAL_BRIDGE`).
    public static func prefix(forTool name: String) -> String { normalized(name) }

    /// The variable of `option` (a long name without dashes): `SOCIAL_BRIDGE_DB` for `db`.
    public static func variable(_ option: String, prefix: String) -> String { prefix + "_" + normalized(option) }

    /// The variable naming a file that holds the secret `option`: `SOCIAL_BRIDGE_ADMIN_TOKEN_FILE`.
    public static func fileVariable(_ option: String, prefix: String) -> String { variable(option, prefix: prefix) + "_FILE" }

    private static func normalized(_ text: String) -> String {
        String(text.uppercased().map { $0 == "-" ? "_" : $0 })
    }
}
