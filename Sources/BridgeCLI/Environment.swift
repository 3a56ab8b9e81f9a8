import Foundation

extension BridgeCLI {
    /// The real process environment, read once per invocation.
    static func currentEnvironment() -> [String: String] { ProcessInfo.processInfo.environment }
}
