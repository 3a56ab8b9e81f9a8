/// A user's Matrix profile (`GET /_matrix/client/v3/profile/<id>`).
public struct MatrixProfile: Sendable, Decodable, Equatable {
    /// Display name, if set.
    public var displayName: String?
    /// Avatar as an `mxc://server/id` URI, if set.
    public var avatarURL: String?

    /// Creates a profile (for tests and fakes).
    public init(displayName: String? = nil, avatarURL: String? = nil) {
        self.displayName = displayName
        self.avatarURL = avatarURL
    }

    enum CodingKeys: String, CodingKey {
        case displayName = "displayname"
        case avatarURL = "avatar_url"
    }

    /// Decodes a profile; non-string fields are treated as absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        displayName = try? container.decodeIfPresent(String.self, forKey: .displayName)
        avatarURL = try? container.decodeIfPresent(String.self, forKey: .avatarURL)
    }
}
