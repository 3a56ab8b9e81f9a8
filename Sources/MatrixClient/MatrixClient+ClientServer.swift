import CurlHTTP

/// Client-server API reads, made as the token's owner.
extension MatrixClient {
    /// `GET /_matrix/client/v3/account/whoami`: whose token this is (and so the homeserver's server name).
    /// - Throws: ``MatrixError`` (`.unauthorized` for a bad token).
    public func whoAmI() async throws(MatrixError) -> WhoAmI {
        try await call(.get, "/_matrix/client/v3/account/whoami")
    }

    /// `GET /_matrix/client/v3/sync`.
    /// - Parameters:
    ///   - filter: a filter id or inline filter JSON, or nil.
    ///   - since: the previous `next_batch`, or nil for an initial sync.
    ///   - timeoutMilliseconds: long-poll time (0 = answer at once).
    ///   - fullState: return the full state of every room even when `since` is given.
    /// - Throws: ``MatrixError``.
    public func sync(filter: String? = nil, since: String? = nil, timeoutMilliseconds: Int = 0, fullState: Bool = false) async throws(MatrixError) -> SyncResponse {
        var query: [(String, String)] = [("timeout", String(max(0, timeoutMilliseconds)))]
        if let filter { query.append(("filter", filter)) }
        if let since { query.append(("since", since)) }
        if fullState { query.append(("full_state", "true")) }
        return try await call(.get, "/_matrix/client/v3/sync", query: query)
    }

    /// A room's current state as a member sees it (`GET /_matrix/client/v3/rooms/<id>/state`).
    /// - Throws: ``MatrixError`` (403 when the token's owner may not see the room).
    public func roomState(_ roomID: String) async throws(MatrixError) -> [MatrixEvent] {
        try await call(.get, try Self.path("/_matrix/client/v3/rooms/", roomID, "/state"))
    }

    /// The content of one state event, or nil when it does not exist
    /// (`GET /_matrix/client/v3/rooms/<id>/state/<type>/<state_key>`).
    /// - Throws: ``MatrixError`` other than not-found.
    public func stateEventContent(_ roomID: String, type: String, stateKey: String = "") async throws(MatrixError) -> JSONValue? {
        let path = try Self.stateEventPath(roomID, type: type, stateKey: stateKey)
        do {
            return try await call(.get, path, as: JSONValue.self)
        } catch where error.isNotFound {
            return nil
        }
    }

    /// One page of the client-server `/messages` (as a member; for Synapse before 1.68).
    /// - Throws: ``MatrixError``.
    public func roomMessages(
        _ roomID: String, from: String? = nil, direction: PagingDirection = .backward, limit: Int = 1000, types: [String]? = nil
    ) async throws(MatrixError) -> MessagesPage {
        let path = try Self.path("/_matrix/client/v3/rooms/", roomID, "/messages")
        return try await call(.get, path, query: Self.messagesQuery(from: from, direction: direction, limit: limit, types: types))
    }

    /// A global account data item of the token's owner, or nil when unset (404)
    /// (`GET /_matrix/client/v3/user/<id>/account_data/<type>`).
    /// - Throws: ``MatrixError`` other than not-found.
    public func accountData(_ userID: String, type: String) async throws(MatrixError) -> JSONValue? {
        let path = try Self.path("/_matrix/client/v3/user/", userID, "/account_data/") + MatrixPath.encode(type)
        do {
            return try await call(.get, path, as: JSONValue.self)
        } catch where error.isNotFound {
            return nil
        }
    }

    /// A user's profile, or nil when the user has none (404).
    /// - Throws: ``MatrixError`` other than not-found.
    public func profile(_ userID: String) async throws(MatrixError) -> MatrixProfile? {
        do {
            return try await call(.get, try Self.path("/_matrix/client/v3/profile/", userID))
        } catch where error.isNotFound {
            return nil
        }
    }

    /// An HTTP URL for a 256×256 thumbnail of an `mxc://server/media` URI, or nil when the URI is malformed.
    ///
    /// Uses the unauthenticated `/_matrix/media/v3/thumbnail` path: the URL is handed to game clients that
    /// hold no Matrix token. (Synapse may refuse unauthenticated access to media uploaded after it enabled
    /// authenticated media; such avatars then need `/_matrix/client/v1/media/thumbnail` with a token.)
    public func thumbnailURL(forMXC uri: String) -> String? {
        let prefix = "mxc://"
        guard uri.hasPrefix(prefix) else { return nil }
        let rest = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard rest.count == 2, !rest[0].isEmpty, !rest[1].isEmpty else { return nil }
        return homeserver + "/_matrix/media/v3/thumbnail/" + MatrixPath.encode(String(rest[0])) + "/"
            + MatrixPath.encode(String(rest[1])) + "?width=256&height=256&method=scale"
    }

    /// `…/rooms/<id>/state/<type>/<state_key>`; an empty state key leaves a trailing slash.
    static func stateEventPath(_ roomID: String, type: String, stateKey: String) throws(MatrixError) -> String {
        guard !type.isEmpty else {
            throw MatrixError(kind: .invalidArgument, endpoint: "/_matrix/client/v3/rooms/{}/state/{}", message: "empty event type")
        }
        return try Self.path("/_matrix/client/v3/rooms/", roomID, "/state/") + MatrixPath.encode(type) + "/" + MatrixPath.encode(stateKey)
    }
}
