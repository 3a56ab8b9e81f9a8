import Migration
import MatrixClient

/// What a room's newest relevant event is, as a poll pass sees it.
public enum RoomPosition: Sendable, Equatable {
    /// The id and `origin_server_ts` (ms) of the newest event of the asked types.
    case event(String, timestamp: Int64)
    /// The homeserver does not know the room.
    case unknown
    /// The probe failed (the room is looked at again next pass).
    case failed(String)
}

/// The cheap reads of a poll pass (legacy-matrix §8): lists, `m.direct`, and each room's newest relevant
/// event; the expensive re-derivation happens only for rooms whose position moved.
public protocol RoomChangeProbe: Sendable {
    /// Every room id of the admin room list.
    func allRooms() async throws -> [String]
    /// Every user id of the admin user list.
    func allUsers() async throws -> [String]
    /// Room ids found in these users' `m.direct` (rooms the list can miss).
    func directRooms(of users: [String]) async throws -> [String]
    /// The newest event of `types` in `roomID`.
    func newestEvent(in roomID: String, types: [String]) async throws -> RoomPosition
}

/// `RoomChangeProbe` over the Synapse admin API.
public struct MatrixRoomChangeProbe: RoomChangeProbe {
    private let admin: MatrixClient
    private let concurrency: Int

    /// - Parameters:
    ///   - admin: a client with a server-admin token.
    ///   - concurrency: account-data reads in flight at once.
    public init(admin: MatrixClient, concurrency: Int = 8) {
        self.admin = admin
        self.concurrency = max(1, concurrency)
    }

    public func allRooms() async throws -> [String] { try await admin.allRooms().map(\.roomID) }

    public func allUsers() async throws -> [String] { try await admin.allUsers().map(\.name) }

    public func directRooms(of users: [String]) async throws -> [String] {
        let lists = try await boundedMap(users, limit: concurrency) { [admin] userID -> [String] in
            guard let data = try? await admin.adminAccountData(userID) else { return [] }
            return DirectAnalysis.roomIDs(in: data.direct.map(LegacyJSON.init))
        }
        return lists.flatMap { $0 }
    }

    public func newestEvent(in roomID: String, types: [String]) async throws -> RoomPosition {
        do {
            let page = try await admin.adminRoomMessages(roomID, direction: .backward, limit: 1, types: types)
            guard let newest = page.chunk.first else { return .failed("no event of the watched types") }
            return .event(newest.eventID, timestamp: newest.originServerTS)
        } catch {
            if error.isNotFound { return .unknown }
            if error.isAuthorizationFailure { throw error }
            return .failed(error.description)
        }
    }
}
