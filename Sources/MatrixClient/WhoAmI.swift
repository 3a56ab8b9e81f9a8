/// The answer of `GET /_matrix/client/v3/account/whoami`.
public struct WhoAmI: Sendable, Decodable, Equatable {
    /// The token owner's user id.
    public var userID: String
    /// The token's device, if any.
    public var deviceID: String?
    /// Whether the owner is a guest.
    public var isGuest: Bool

    /// Creates an answer (for tests and fakes).
    public init(userID: String, deviceID: String? = nil, isGuest: Bool = false) {
        self.userID = userID
        self.deviceID = deviceID
        self.isGuest = isGuest
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case deviceID = "device_id"
        case isGuest = "is_guest"
    }

    /// Decodes the answer; only `user_id` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        userID = try container.decode(String.self, forKey: .userID)
        deviceID = try? container.decodeIfPresent(String.self, forKey: .deviceID)
        isGuest = container.decodeLenientBool(forKey: .isGuest) ?? false
    }

    /// The server part of the user id (after the first `:`), e.g. `decentraland.zone`.
    public var serverName: String? {
        guard let colon = userID.firstIndex(of: ":") else { return nil }
        let server = userID[userID.index(after: colon)...]
        return server.isEmpty ? nil : String(server)
    }
}
