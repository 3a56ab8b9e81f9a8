/// A Matrix event as the client-server and admin APIs return it (state, timeline or history).
///
/// `content` is kept as raw JSON: friendship events written by old clients can hold anything.
public struct MatrixEvent: Sendable, Codable, Equatable {
    /// Event type, e.g. `org.decentraland.friendship`.
    public var type: String
    /// State key; nil for non-state events, `""` for the shared key.
    public var stateKey: String?
    /// Sender's user id.
    public var sender: String
    /// Event id (`$…`).
    public var eventID: String
    /// Server timestamp in milliseconds (0 when the server omitted it).
    public var originServerTS: Int64
    /// The content; `.null` when absent. Redacted events have an empty object.
    public var content: JSONValue
    /// The room, when the API includes it.
    public var roomID: String?
    /// Server-side metadata (`redacted_because`, `replaces_state`, …), if present.
    public var unsigned: JSONValue?

    /// Creates an event (for tests and fakes).
    public init(
        type: String, stateKey: String? = nil, sender: String, eventID: String, originServerTS: Int64,
        content: JSONValue, roomID: String? = nil, unsigned: JSONValue? = nil
    ) {
        self.type = type
        self.stateKey = stateKey
        self.sender = sender
        self.eventID = eventID
        self.originServerTS = originServerTS
        self.content = content
        self.roomID = roomID
        self.unsigned = unsigned
    }

    enum CodingKeys: String, CodingKey {
        case type, sender, content, unsigned
        case stateKey = "state_key"
        case eventID = "event_id"
        case originServerTS = "origin_server_ts"
        case roomID = "room_id"
    }

    /// Decodes an event; `type`, `sender` and `event_id` are required, the rest tolerated when absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        stateKey = try container.decodeIfPresent(String.self, forKey: .stateKey)
        sender = try container.decode(String.self, forKey: .sender)
        eventID = try container.decode(String.self, forKey: .eventID)
        originServerTS = (try? container.decodeIfPresent(JSONValue.self, forKey: .originServerTS))??.integerValue ?? 0
        content = try container.decodeIfPresent(JSONValue.self, forKey: .content) ?? .null
        roomID = try container.decodeIfPresent(String.self, forKey: .roomID)
        unsigned = try container.decodeIfPresent(JSONValue.self, forKey: .unsigned)
    }

    /// Whether this is a state event (has a state key, possibly empty).
    public var isState: Bool { stateKey != nil }
}

/// A stripped state event (invites in `/sync`): no id, no timestamp.
public struct StrippedStateEvent: Sendable, Codable, Equatable {
    /// Event type.
    public var type: String
    /// State key.
    public var stateKey: String
    /// Sender's user id.
    public var sender: String
    /// The content (`.null` when absent).
    public var content: JSONValue

    enum CodingKeys: String, CodingKey {
        case type, sender, content
        case stateKey = "state_key"
    }

    /// Decodes a stripped event, tolerating a missing content.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        stateKey = try container.decodeIfPresent(String.self, forKey: .stateKey) ?? ""
        sender = try container.decodeIfPresent(String.self, forKey: .sender) ?? ""
        content = try container.decodeIfPresent(JSONValue.self, forKey: .content) ?? .null
    }
}
