import Foundation

extension TestEnvironment {
    /// The live Synapse's server name (the part after `:` in its user ids).
    public static var synapseServerName: String? { environmentValue("SOCIALBRIDGE_SYNAPSE_SERVER_NAME") }
    /// The live Synapse's registration shared secret (for registering fresh users in tests).
    public static var synapseSharedSecret: String? { environmentValue("SOCIALBRIDGE_SYNAPSE_SHARED_SECRET") }
    /// Python and every live-Synapse variable are present.
    public static var hasLiveSynapse: Bool {
        python != nil && synapseURL != nil && synapseServerName != nil && synapseSharedSecret != nil
    }

    private static func environmentValue(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
