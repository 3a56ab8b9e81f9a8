/// One account of the Synapse admin user list (`GET /_synapse/admin/v2/users`).
public struct AdminUser: Sendable, Codable, Equatable {
    /// Full user id (`@localpart:server`).
    public var name: String
    /// Whether the account is a server admin.
    public var isAdmin: Bool
    /// Whether the account is deactivated (its rooms and account data still count).
    public var isDeactivated: Bool
    /// Whether the account is a guest.
    public var isGuest: Bool
    /// `user_type` (`bot`, `support`, …) or nil for normal users.
    public var userType: String?
    /// Display name, if set.
    public var displayName: String?

    /// Creates a user entry (for tests and fakes).
    public init(name: String, isAdmin: Bool = false, isDeactivated: Bool = false, isGuest: Bool = false, userType: String? = nil, displayName: String? = nil) {
        self.name = name
        self.isAdmin = isAdmin
        self.isDeactivated = isDeactivated
        self.isGuest = isGuest
        self.userType = userType
        self.displayName = displayName
    }

    enum CodingKeys: String, CodingKey {
        case name, admin, deactivated
        case isGuest = "is_guest"
        case userType = "user_type"
        case displayName = "displayname"
    }

    /// Decodes an entry; flags may be booleans or 0/1 (older Synapse on SQLite).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        isAdmin = container.decodeLenientBool(forKey: .admin) ?? false
        isDeactivated = container.decodeLenientBool(forKey: .deactivated) ?? false
        isGuest = container.decodeLenientBool(forKey: .isGuest) ?? false
        userType = try? container.decodeIfPresent(String.self, forKey: .userType)
        displayName = try? container.decodeIfPresent(String.self, forKey: .displayName)
    }

    /// Encodes the entry in the admin API's shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(isAdmin, forKey: .admin)
        try container.encode(isDeactivated, forKey: .deactivated)
        try container.encode(isGuest, forKey: .isGuest)
        try container.encodeIfPresent(userType, forKey: .userType)
        try container.encodeIfPresent(displayName, forKey: .displayName)
    }
}

/// One page of the admin user list.
public struct AdminUserPage: Sendable, Decodable, Equatable {
    /// The users of this page, in the server's order (by user id).
    public var users: [AdminUser]
    /// `from` for the next page; nil on the last page.
    public var nextToken: String?
    /// Total number of users matching the query, if reported.
    public var total: Int?

    /// Creates a page (for tests and fakes).
    public init(users: [AdminUser], nextToken: String?, total: Int?) {
        self.users = users
        self.nextToken = nextToken
        self.total = total
    }

    enum CodingKeys: String, CodingKey {
        case users, total
        case nextToken = "next_token"
    }

    /// Decodes a page; `next_token` may be a string or a number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        users = try container.decode([AdminUser].self, forKey: .users)
        nextToken = container.decodeLenientToken(forKey: .nextToken)
        total = container.decodeLenientInt(forKey: .total)
    }
}
