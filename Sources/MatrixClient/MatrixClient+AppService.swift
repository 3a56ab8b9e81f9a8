import CurlHTTP

/// Calls a bridge makes to keep users and rooms usable: accounts, joined rooms, appservice health.
extension MatrixClient {
    /// Registers `localpart` through the application service (`POST /_matrix/client/v3/register` with
    /// `m.login.application_service`, the as_token as this client's token). An existing account is fine.
    /// - Throws: ``MatrixError`` (400 `M_EXCLUSIVE` when the localpart is outside the registration's namespace).
    public func registerAppServiceUser(localpart: String) async throws(MatrixError) {
        struct Body: Encodable, Sendable {
            var type = "m.login.application_service"
            var username: String
            var inhibitLogin = true
            enum CodingKeys: String, CodingKey {
                case type, username
                case inhibitLogin = "inhibit_login"
            }
        }
        do {
            _ = try await send(.post, "/_matrix/client/v3/register", body: Body(username: localpart), idempotent: true)
        } catch where error.errcode == "M_USER_IN_USE" {
            return
        }
    }

    /// Whether a local account exists (`GET /_synapse/admin/v2/users/<id>`, admin token).
    /// - Throws: ``MatrixError`` other than not-found.
    public func userExists(_ userID: String) async throws(MatrixError) -> Bool {
        do {
            _ = try await send(.get, try Self.path("/_synapse/admin/v2/users/", userID))
            return true
        } catch where error.isNotFound {
            return false
        }
    }

    /// Creates a local account without a password (`PUT /_synapse/admin/v2/users/<id>`, admin token);
    /// an existing account is left as it is (the body is empty).
    /// - Throws: ``MatrixError``.
    public func createUser(_ userID: String) async throws(MatrixError) {
        _ = try await send(.put, try Self.path("/_synapse/admin/v2/users/", userID), body: EmptyObject(), idempotent: true)
    }

    /// The rooms the token's user has joined (`GET /_matrix/client/v3/joined_rooms`).
    /// - Throws: ``MatrixError``.
    public func joinedRooms() async throws(MatrixError) -> [String] {
        struct Answer: Decodable {
            var joinedRooms: [String]
            enum CodingKeys: String, CodingKey { case joinedRooms = "joined_rooms" }
        }
        let answer: Answer = try await call(.get, "/_matrix/client/v3/joined_rooms")
        return answer.joinedRooms
    }

    /// Forgets a left room (`POST /_matrix/client/v3/rooms/<id>/forget`).
    /// - Throws: ``MatrixError``.
    public func forget(_ roomID: String) async throws(MatrixError) {
        _ = try await send(.post, try Self.path("/_matrix/client/v3/rooms/", roomID, "/forget"), body: EmptyObject(), idempotent: true)
    }

    /// Creates an alias for a room (`PUT /_matrix/client/v3/directory/room/<alias>`).
    /// - Throws: ``MatrixError`` (409 `M_UNKNOWN`/in use when the alias exists).
    public func setAlias(_ alias: String, roomID: String) async throws(MatrixError) {
        struct Body: Encodable, Sendable {
            var roomID: String
            enum CodingKeys: String, CodingKey { case roomID = "room_id" }
        }
        _ = try await send(.put, try Self.path("/_matrix/client/v3/directory/room/", alias), body: Body(roomID: roomID))
    }

    /// Asks the homeserver to ping the application service `id` now
    /// (`POST /_matrix/client/v1/appservice/<id>/ping`, as_token): Synapse then retries a service it had
    /// marked down at once instead of after its backoff.
    /// - Returns: the round trip Synapse measured, ms.
    /// - Throws: ``MatrixError`` (Synapse answers 502 `M_URL_NOT_SET`/`M_BAD_STATUS` or 504 when the ping fails).
    @discardableResult
    public func pingAppService(id: String, transactionID: String? = nil) async throws(MatrixError) -> Int {
        struct Body: Encodable, Sendable {
            var transactionID: String?
            enum CodingKeys: String, CodingKey { case transactionID = "transaction_id" }
        }
        struct Answer: Decodable {
            var durationMilliseconds: Int?
            enum CodingKeys: String, CodingKey { case durationMilliseconds = "duration_ms" }
        }
        let answer: Answer = try await call(.post, try Self.path("/_matrix/client/v1/appservice/", id, "/ping"),
                                            body: Body(transactionID: transactionID), idempotent: true)
        return answer.durationMilliseconds ?? 0
    }
}
