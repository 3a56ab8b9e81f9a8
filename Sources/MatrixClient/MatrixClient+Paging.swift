/// Whole-list readers built on the paged admin endpoints.
extension MatrixClient {
    /// Every user of the admin list, deduplicated by user id, in first-seen order.
    ///
    /// Offsets shift if accounts are created during the scan: callers that must not miss any run it
    /// again at the end (spec §8.8) and merge.
    /// - Parameters:
    ///   - pageSize: users per request.
    ///   - maxPages: safety stop against a server that never ends the list.
    /// - Throws: ``MatrixError`` (`.server` if a page token does not advance).
    public func allUsers(pageSize: Int = 500, maxPages: Int = 100_000) async throws(MatrixError) -> [AdminUser] {
        var seen = Set<String>()
        var users: [AdminUser] = []
        var from: String?
        var sentTokens = Set<String>()
        for _ in 0..<maxPages {
            let page = try await listUsers(from: from, limit: pageSize)
            for user in page.users where seen.insert(user.name).inserted { users.append(user) }
            guard let next = page.nextToken, !page.users.isEmpty else { return users }
            guard sentTokens.insert(next).inserted else {
                throw MatrixError(kind: .server, endpoint: "GET /_synapse/admin/v2/users", message: "next_token \(next) repeats")
            }
            from = next
        }
        return users
    }

    /// Every room of the admin list, deduplicated by room id, in first-seen order.
    /// - Parameters:
    ///   - pageSize: rooms per request.
    ///   - maxPages: safety stop.
    /// - Throws: ``MatrixError`` (`.server` if `next_batch` does not advance).
    public func allRooms(pageSize: Int = 500, maxPages: Int = 100_000) async throws(MatrixError) -> [AdminRoom] {
        var seen = Set<String>()
        var rooms: [AdminRoom] = []
        var from = 0
        for _ in 0..<maxPages {
            let page = try await listRooms(from: from, limit: pageSize)
            for room in page.rooms where seen.insert(room.roomID).inserted { rooms.append(room) }
            guard let next = page.nextBatch, !page.rooms.isEmpty else { return rooms }
            guard next > from else {
                throw MatrixError(kind: .server, endpoint: "GET /_synapse/admin/v1/rooms", message: "next_batch \(next) does not advance past \(from)")
            }
            from = next
        }
        return rooms
    }

    /// A room's history of `types`, paged backwards with the admin Messages API until the room's
    /// `m.room.create` arrives, `end` is absent or repeats the token just sent, or a page is empty
    /// (spec §8.5). Include `m.room.create` in `types` to learn whether the history is complete.
    /// - Parameters:
    ///   - roomID: the room.
    ///   - types: event types to collect, e.g. `["m.room.create", "org.decentraland.friendship"]`.
    ///   - pageSize: events per page (≤ 1000).
    ///   - maxPages: safety stop; reaching it leaves the history incomplete.
    ///   - source: the admin Messages API (Synapse ≥ 1.68, admin token) or, for older servers, the
    ///     client-server `/messages` called with a member's (login-as-user) token.
    /// - Throws: ``MatrixError``.
    public func roomHistory(
        _ roomID: String, types: [String], pageSize: Int = 1000, maxPages: Int = 10_000, source: HistorySource = .adminAPI
    ) async throws(MatrixError) -> RoomHistory {
        var newestFirst: [MatrixEvent] = []
        var from: String?
        var pages = 0
        var complete = false
        while pages < maxPages {
            let page = switch source {
            case .adminAPI: try await adminRoomMessages(roomID, from: from, direction: .backward, limit: pageSize, types: types)
            case .clientAPI: try await roomMessages(roomID, from: from, direction: .backward, limit: pageSize, types: types)
            }
            pages += 1
            newestFirst.append(contentsOf: page.chunk)
            if page.chunk.contains(where: { $0.type == "m.room.create" }) {
                complete = true
                break
            }
            guard let end = page.end, end != from, !page.chunk.isEmpty else { break }
            from = end
        }
        return RoomHistory(events: newestFirst.reversed(), isComplete: complete, pages: pages)
    }
}

/// Which `/messages` endpoint ``MatrixClient/roomHistory(_:types:pageSize:maxPages:source:)`` pages.
public enum HistorySource: Sendable, Equatable {
    /// `GET /_synapse/admin/v1/rooms/<id>/messages` with an admin token.
    case adminAPI
    /// `GET /_matrix/client/v3/rooms/<id>/messages` with a member's token (history visibility `shared`).
    case clientAPI
}
