import CurlHTTP

/// Client-server writes, made as the token's owner (the mirror acts as each user, spec §9).
extension MatrixClient {
    /// `POST /_matrix/client/v3/createRoom`; returns the new room id.
    /// Not retried after it may have reached the server (a repeat would create a second room).
    /// - Throws: ``MatrixError`` (400 `M_ROOM_IN_USE` when the alias is taken).
    public func createRoom(_ request: CreateRoomRequest) async throws(MatrixError) -> String {
        struct Answer: Decodable {
            var roomID: String
            enum CodingKeys: String, CodingKey { case roomID = "room_id" }
        }
        let answer: Answer = try await call(.post, "/_matrix/client/v3/createRoom", body: request, idempotent: false)
        return answer.roomID
    }

    /// Invites `userID` (`POST /_matrix/client/v3/rooms/<id>/invite`).
    /// - Throws: ``MatrixError``.
    public func invite(_ roomID: String, userID: String) async throws(MatrixError) {
        struct Body: Encodable, Sendable {
            var userID: String
            enum CodingKeys: String, CodingKey { case userID = "user_id" }
        }
        _ = try await send(.post, try Self.path("/_matrix/client/v3/rooms/", roomID, "/invite"), body: Body(userID: userID), idempotent: true)
    }

    /// Joins a room (`POST /_matrix/client/v3/rooms/<id>/join`); returns the room id.
    /// - Throws: ``MatrixError``.
    @discardableResult
    public func join(_ roomID: String) async throws(MatrixError) -> String {
        struct Answer: Decodable {
            var roomID: String
            enum CodingKeys: String, CodingKey { case roomID = "room_id" }
        }
        let answer: Answer = try await call(.post, try Self.path("/_matrix/client/v3/rooms/", roomID, "/join"), body: EmptyObject(), idempotent: true)
        return answer.roomID
    }

    /// Leaves a room (`POST /_matrix/client/v3/rooms/<id>/leave`).
    /// - Throws: ``MatrixError``.
    public func leave(_ roomID: String) async throws(MatrixError) {
        _ = try await send(.post, try Self.path("/_matrix/client/v3/rooms/", roomID, "/leave"), body: EmptyObject(), idempotent: true)
    }

    /// Sets a state event (`PUT /_matrix/client/v3/rooms/<id>/state/<type>/<state_key>`; an empty key is
    /// sent as a trailing slash); returns the event id.
    /// - Throws: ``MatrixError`` (403 when the key starts with `@` and is not the sender's id).
    public func putState(_ roomID: String, type: String, stateKey: String = "", content: JSONValue) async throws(MatrixError) -> String {
        let path = try Self.stateEventPath(roomID, type: type, stateKey: stateKey)
        let answer: EventIDAnswer = try await call(.put, path, body: content)
        return answer.eventID
    }

    /// Sends a message event with a transaction id, which makes retries idempotent
    /// (`PUT /_matrix/client/v3/rooms/<id>/send/<type>/<txn>`); returns the event id.
    /// - Throws: ``MatrixError``.
    public func sendEvent(_ roomID: String, type: String, transactionID: String, content: JSONValue) async throws(MatrixError) -> String {
        guard !type.isEmpty, !transactionID.isEmpty else {
            throw MatrixError(kind: .invalidArgument, endpoint: "PUT /_matrix/client/v3/rooms/{}/send", message: "empty type or transaction id")
        }
        let path = try Self.path("/_matrix/client/v3/rooms/", roomID, "/send/") + MatrixPath.encode(type) + "/" + MatrixPath.encode(transactionID)
        let answer: EventIDAnswer = try await call(.put, path, body: content)
        return answer.eventID
    }

    /// Sets a global account data item (`PUT /_matrix/client/v3/user/<id>/account_data/<type>`).
    /// - Throws: ``MatrixError``.
    public func setAccountData(_ userID: String, type: String, content: JSONValue) async throws(MatrixError) {
        let path = try Self.path("/_matrix/client/v3/user/", userID, "/account_data/") + MatrixPath.encode(type)
        _ = try await send(.put, path, body: content)
    }

    /// Resolves an alias (`#local:server`) to a room id, or nil when unknown
    /// (`GET /_matrix/client/v3/directory/room/<alias>`).
    /// - Throws: ``MatrixError`` other than not-found.
    public func resolveAlias(_ alias: String) async throws(MatrixError) -> String? {
        struct Answer: Decodable {
            var roomID: String
            enum CodingKeys: String, CodingKey { case roomID = "room_id" }
        }
        do {
            let answer: Answer = try await call(.get, try Self.path("/_matrix/client/v3/directory/room/", alias))
            return answer.roomID
        } catch where error.isNotFound {
            return nil
        }
    }

    /// Deletes an alias (`DELETE /_matrix/client/v3/directory/room/<alias>`; admins may delete any).
    /// - Throws: ``MatrixError``.
    public func deleteAlias(_ alias: String) async throws(MatrixError) {
        _ = try await send(.delete, try Self.path("/_matrix/client/v3/directory/room/", alias))
    }

    /// Ends this client's token (`POST /_matrix/client/v3/logout`).
    /// - Throws: ``MatrixError``.
    public func logout() async throws(MatrixError) {
        _ = try await send(.post, "/_matrix/client/v3/logout", body: EmptyObject(), idempotent: true)
    }
}

/// `{"event_id": …}`.
struct EventIDAnswer: Decodable {
    var eventID: String
    enum CodingKeys: String, CodingKey { case eventID = "event_id" }
}
