import SocialDomain

/// The mapping rule of legacy-matrix.md §1.2 for user ids: `@<address>:<server_name>` → address.
public enum MatrixUserID {
    /// The address a Matrix user id stands for on `serverName`, or `nil` for a non-address user: an id that
    /// is not `@localpart:server`, a user of another server, or a localpart that is not `0x` + 40 hex digits.
    /// Mixed-case localparts are accepted and lowercased.
    public static func address(of userID: String, serverName: String) -> Address? {
        guard userID.hasPrefix("@"), let colon = userID.firstIndex(of: ":") else { return nil }
        let localpart = userID[userID.index(after: userID.startIndex)..<colon]
        let server = userID[userID.index(after: colon)...]
        guard server == serverName else { return nil }
        return Address(localpart)
    }
}
