/// One room of the Synapse admin room list (`GET /_synapse/admin/v1/rooms`).
public struct AdminRoom: Sendable, Codable, Equatable {
    /// Room id, `!opaque:server` or `!opaque` (room version 12).
    public var roomID: String
    /// Room name, if set.
    public var name: String?
    /// Canonical alias, if set.
    public var canonicalAlias: String?
    /// Joined members as counted by the server.
    public var joinedMembers: Int?
    /// Creator's user id.
    public var creator: String?
    /// Number of current state events.
    public var stateEvents: Int?
    /// `m.room.create` `type` (e.g. `m.space`), as the server reports it.
    public var roomType: String?
    /// Room version.
    public var version: String?

    /// Creates a room entry (for tests and fakes).
    public init(roomID: String, name: String? = nil, canonicalAlias: String? = nil, joinedMembers: Int? = nil, creator: String? = nil, stateEvents: Int? = nil, roomType: String? = nil, version: String? = nil) {
        self.roomID = roomID
        self.name = name
        self.canonicalAlias = canonicalAlias
        self.joinedMembers = joinedMembers
        self.creator = creator
        self.stateEvents = stateEvents
        self.roomType = roomType
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case name, creator, version
        case roomID = "room_id"
        case canonicalAlias = "canonical_alias"
        case joinedMembers = "joined_members"
        case stateEvents = "state_events"
        case roomType = "room_type"
    }

    /// Decodes an entry; only `room_id` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roomID = try container.decode(String.self, forKey: .roomID)
        name = try? container.decodeIfPresent(String.self, forKey: .name)
        canonicalAlias = try? container.decodeIfPresent(String.self, forKey: .canonicalAlias)
        joinedMembers = container.decodeLenientInt(forKey: .joinedMembers)
        creator = try? container.decodeIfPresent(String.self, forKey: .creator)
        stateEvents = container.decodeLenientInt(forKey: .stateEvents)
        roomType = try? container.decodeIfPresent(String.self, forKey: .roomType)
        version = try? container.decodeIfPresent(String.self, forKey: .version)
    }
}

/// One page of the admin room list.
public struct AdminRoomPage: Sendable, Decodable, Equatable {
    /// The rooms of this page.
    public var rooms: [AdminRoom]
    /// Offset of the next page (`next_batch`, or `next_token` as documented); nil on the last page.
    public var nextBatch: Int?
    /// Total rooms, if reported.
    public var totalRooms: Int?

    /// Creates a page (for tests and fakes).
    public init(rooms: [AdminRoom], nextBatch: Int?, totalRooms: Int?) {
        self.rooms = rooms
        self.nextBatch = nextBatch
        self.totalRooms = totalRooms
    }

    enum CodingKeys: String, CodingKey {
        case rooms
        case nextBatch = "next_batch"
        case nextToken = "next_token"
        case totalRooms = "total_rooms"
    }

    /// Decodes a page, accepting `next_batch` or `next_token`, as a number or a numeric string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rooms = try container.decode([AdminRoom].self, forKey: .rooms)
        nextBatch = container.decodeLenientInt(forKey: .nextBatch) ?? container.decodeLenientInt(forKey: .nextToken)
        totalRooms = container.decodeLenientInt(forKey: .totalRooms)
    }
}
