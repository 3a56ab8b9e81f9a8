import CurlHTTP

/// Synapse admin API reads (all need a server-admin token).
extension MatrixClient {
    /// One page of `GET /_synapse/admin/v2/users` (ordered by user id; guests excluded, deactivated included).
    /// - Parameters:
    ///   - from: the previous page's `next_token`, or nil for the first page.
    ///   - limit: page size (Synapse caps it).
    /// - Throws: ``MatrixError``.
    public func listUsers(from: String? = nil, limit: Int = 500) async throws(MatrixError) -> AdminUserPage {
        let query: [(String, String)] = [
            ("from", from ?? "0"), ("limit", String(max(1, limit))), ("guests", "false"), ("deactivated", "true"),
        ]
        return try await call(.get, "/_synapse/admin/v2/users", query: query)
    }

    /// One page of `GET /_synapse/admin/v1/rooms?order_by=name&dir=f` (ties ordered by room id).
    /// - Parameters:
    ///   - from: the previous page's `next_batch`, or nil for the first page.
    ///   - limit: page size.
    /// - Throws: ``MatrixError``.
    public func listRooms(from: Int? = nil, limit: Int = 500) async throws(MatrixError) -> AdminRoomPage {
        let query: [(String, String)] = [
            ("from", String(max(0, from ?? 0))), ("limit", String(max(1, limit))), ("order_by", "name"), ("dir", "f"),
        ]
        return try await call(.get, "/_synapse/admin/v1/rooms", query: query)
    }

    /// The whole current state of a room (`GET /_synapse/admin/v1/rooms/<id>/state`), including
    /// invite, leave and ban memberships.
    /// - Throws: ``MatrixError`` (`.notFound` for an unknown room).
    public func adminRoomState(_ roomID: String) async throws(MatrixError) -> [MatrixEvent] {
        struct Answer: Decodable { var state: [MatrixEvent] }
        let path = try Self.path("/_synapse/admin/v1/rooms/", roomID, "/state")
        let answer: Answer = try await call(.get, path)
        return answer.state
    }

    /// Joined members only (`GET /_synapse/admin/v1/rooms/<id>/members`); use ``adminRoomState(_:)``
    /// for invites, leaves and bans.
    /// - Throws: ``MatrixError``.
    public func adminJoinedMembers(_ roomID: String) async throws(MatrixError) -> [String] {
        struct Answer: Decodable { var members: [String] }
        let path = try Self.path("/_synapse/admin/v1/rooms/", roomID, "/members")
        let answer: Answer = try await call(.get, path)
        return answer.members
    }

    /// One page of the admin Room Messages API (`GET /_synapse/admin/v1/rooms/<id>/messages`).
    /// - Parameters:
    ///   - roomID: the room.
    ///   - from: continuation token (the previous page's `end`), or nil to start at the room's end.
    ///   - direction: paging direction (backward is the only one every Synapse supports without `from`).
    ///   - limit: events per page, clamped to 1…1000 (Synapse's cap).
    ///   - types: event types to return (sent as a `filter`), or nil for all.
    /// - Throws: ``MatrixError``.
    public func adminRoomMessages(
        _ roomID: String, from: String? = nil, direction: PagingDirection = .backward, limit: Int = 1000, types: [String]? = nil
    ) async throws(MatrixError) -> MessagesPage {
        let path = try Self.path("/_synapse/admin/v1/rooms/", roomID, "/messages")
        return try await call(.get, path, query: Self.messagesQuery(from: from, direction: direction, limit: limit, types: types))
    }

    /// A user's account data (`GET /_synapse/admin/v1/users/<id>/accountdata`, Synapse ≥ 1.50).
    /// - Throws: ``MatrixError`` (`.notFound` for unknown users).
    public func adminAccountData(_ userID: String) async throws(MatrixError) -> AccountData {
        try await call(.get, try Self.path("/_synapse/admin/v1/users/", userID, "/accountdata"))
    }

    /// Logs in as a user (`POST /_synapse/admin/v1/users/<id>/login`) and returns the token. Creates no
    /// device; end it with ``logout()`` on ``actingAs(_:)``.
    /// - Parameter validUntilMilliseconds: absolute expiry (ms since epoch), or nil for the server default.
    /// - Throws: ``MatrixError`` (400 for the admin itself and remote users, 404 for unknown users).
    public func loginAsUser(_ userID: String, validUntilMilliseconds: Int64? = nil) async throws(MatrixError) -> String {
        struct Body: Encodable, Sendable {
            var validUntil: Int64?
            enum CodingKeys: String, CodingKey { case validUntil = "valid_until_ms" }
        }
        struct Answer: Decodable {
            var token: String
            enum CodingKeys: String, CodingKey { case token = "access_token" }
        }
        let path = try Self.path("/_synapse/admin/v1/users/", userID, "/login")
        let answer: Answer = try await call(.post, path, body: Body(validUntil: validUntilMilliseconds), idempotent: true)
        return answer.token
    }

    /// Lifts a user's rate limits (`POST /_synapse/admin/v1/users/<id>/override_ratelimit`, 0/0 = unlimited).
    /// - Throws: ``MatrixError``.
    public func overrideRateLimit(_ userID: String, messagesPerSecond: Int = 0, burstCount: Int = 0) async throws(MatrixError) {
        struct Body: Encodable, Sendable {
            var messagesPerSecond: Int
            var burstCount: Int
            enum CodingKeys: String, CodingKey {
                case messagesPerSecond = "messages_per_second"
                case burstCount = "burst_count"
            }
        }
        let path = try Self.path("/_synapse/admin/v1/users/", userID, "/override_ratelimit")
        let body = Body(messagesPerSecond: max(0, messagesPerSecond), burstCount: max(0, burstCount))
        _ = try await send(.post, path, body: body, idempotent: true)
    }

    /// Removes a rate-limit override (`DELETE …/override_ratelimit`).
    /// - Throws: ``MatrixError``.
    public func removeRateLimitOverride(_ userID: String) async throws(MatrixError) {
        _ = try await send(.delete, try Self.path("/_synapse/admin/v1/users/", userID, "/override_ratelimit"))
    }

    /// `prefix + encode(id) + suffix`, refusing empty ids (they would address another endpoint).
    static func path(_ prefix: String, _ id: String, _ suffix: String = "") throws(MatrixError) -> String {
        guard !id.isEmpty else {
            throw MatrixError(kind: .invalidArgument, endpoint: prefix + "{}" + suffix, message: "empty identifier")
        }
        return prefix + MatrixPath.encode(id) + suffix
    }

    /// Query of a `/messages` call; the filter is JSON, encoded as a query value.
    static func messagesQuery(from: String?, direction: PagingDirection, limit: Int, types: [String]?) -> [(String, String)] {
        var query: [(String, String)] = [("dir", direction.rawValue), ("limit", String(min(max(limit, 1), 1000)))]
        if let from { query.append(("from", from)) }
        if let types {
            let list = types.map { "\"" + jsonEscape($0) + "\"" }.joined(separator: ",")
            query.append(("filter", "{\"types\":[\(list)]}"))
        }
        return query
    }

    private static func jsonEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
