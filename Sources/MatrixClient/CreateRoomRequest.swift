/// The body of `POST /_matrix/client/v3/createRoom`, with the fields legacy DM creation used.
public struct CreateRoomRequest: Sendable, Encodable, Equatable {
    /// Local part of the alias to create (`<lo>+<hi>` for Decentraland DMs).
    public var roomAliasName: String?
    /// Preset, e.g. `trusted_private_chat`.
    public var preset: String?
    /// Whether the room is a direct chat (sets `is_direct` on the invites).
    public var isDirect: Bool?
    /// User ids to invite.
    public var invite: [String]
    /// Room name.
    public var name: String?
    /// Extra `m.room.create` content (e.g. `{"type":"channel"}`).
    public var creationContent: JSONValue?
    /// Room version to use; nil for the server default.
    public var roomVersion: String?

    /// Creates a request; every field is optional.
    public init(roomAliasName: String? = nil, preset: String? = nil, isDirect: Bool? = nil, invite: [String] = [], name: String? = nil, creationContent: JSONValue? = nil, roomVersion: String? = nil) {
        self.roomAliasName = roomAliasName
        self.preset = preset
        self.isDirect = isDirect
        self.invite = invite
        self.name = name
        self.creationContent = creationContent
        self.roomVersion = roomVersion
    }

    /// The legacy Decentraland DM: `trusted_private_chat`, `is_direct`, alias `<lo>+<hi>`, one invite.
    public static func directMessage(aliasName: String, invite userID: String) -> CreateRoomRequest {
        CreateRoomRequest(roomAliasName: aliasName, preset: "trusted_private_chat", isDirect: true, invite: [userID])
    }

    enum CodingKeys: String, CodingKey {
        case preset, invite, name
        case roomAliasName = "room_alias_name"
        case isDirect = "is_direct"
        case creationContent = "creation_content"
        case roomVersion = "room_version"
    }
}
