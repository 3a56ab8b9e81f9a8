import SocialDomain

/// The parsed payload of an `ECDSA_EPHEMERAL` link:
/// `"<line 1>\nEphemeral address: <address>\nExpiration: <ISO-8601>"` (carriage returns ignored).
struct EphemeralPayload: Sendable, Equatable {
    var ephemeralAddress: Address
    /// Milliseconds since the Unix epoch.
    var expiration: Int64

    private static let addressPrefix = "Ephemeral address: "
    private static let expirationPrefix = "Expiration: "

    /// - Throws: `.invalidChain` when the lines, the address or the date do not parse.
    init(_ payload: String, linkIndex: Int) throws(AuthenticationError) {
        // Split on scalars, not Characters: "\r\n" is a single Character in Swift.
        let scalars = payload.unicodeScalars.filter { $0 != "\r" }
        let lines = scalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        guard lines.count >= 3, lines[1].hasPrefix(Self.addressPrefix), lines[2].hasPrefix(Self.expirationPrefix) else {
            throw AuthenticationError(.invalidChain, "link \(linkIndex) ephemeral payload is not in the login format")
        }
        guard let address = Address(lines[1].dropFirst(Self.addressPrefix.count)) else {
            throw AuthenticationError(.invalidChain, "link \(linkIndex) ephemeral address is not an address")
        }
        guard let expiration = ISO8601Timestamp.milliseconds(lines[2].dropFirst(Self.expirationPrefix.count)) else {
            throw AuthenticationError(.invalidChain, "link \(linkIndex) expiration is not an ISO-8601 date")
        }
        ephemeralAddress = address
        self.expiration = expiration
    }
}
