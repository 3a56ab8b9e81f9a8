import Foundation

/// What the test command (Tests/Support/test-all.sh) provides; integration tests skip with a printed
/// reason when something is absent.
public enum TestEnvironment {
    /// The Python interpreter of the test virtualenv (websockets, protobuf, grpcio-tools, eth-account, synapse).
    public static var python: String? { existingFile(ProcessInfo.processInfo.environment["SOCIALBRIDGE_PYTHON"]) }
    /// Why Python peer tests are skipped, for `.enabled(if:_:)` comments.
    public static let pythonMissingReason = "SOCIALBRIDGE_PYTHON is not set: run Tests/Support/test-all.sh to install the Python test peers"

    /// Base URL of the live Synapse started by Tests/Support/synapse.sh, if any.
    public static var synapseURL: String? { nonEmpty(ProcessInfo.processInfo.environment["SOCIALBRIDGE_SYNAPSE_URL"]) }
    /// Admin access token of that Synapse.
    public static var synapseAdminToken: String? { nonEmpty(ProcessInfo.processInfo.environment["SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN"]) }
    public static let synapseMissingReason = "no live Synapse (SOCIALBRIDGE_SYNAPSE_URL unset): run Tests/Support/test-all.sh, which starts one"

    /// The repository root (for fixtures/, mappings/, Tests/Support/).
    public static var repositoryRoot: URL {
        if let root = nonEmpty(ProcessInfo.processInfo.environment["SOCIALBRIDGE_REPO"]) { return URL(fileURLWithPath: root) }
        // Tests/BridgeTestSupport/TestEnvironment.swift → repository root.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func existingFile(_ value: String?) -> String? {
        guard let path = nonEmpty(value), FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }
}
