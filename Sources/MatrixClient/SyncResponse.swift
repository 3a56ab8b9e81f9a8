/// The parts of a `/sync` answer the bridge reads.
public struct SyncResponse: Sendable, Decodable, Equatable {
    /// Token for the next incremental sync.
    public var nextBatch: String
    /// Joined rooms by id.
    public var joinedRooms: [String: JoinedRoom]
    /// Invites by room id (stripped state).
    public var invitedRooms: [String: [StrippedStateEvent]]
    /// Rooms left by id.
    public var leftRooms: [String: JoinedRoom]
    /// Global account data events (`type` → content).
    public var accountData: [String: JSONValue]

    /// The sections of one joined or left room.
    public struct JoinedRoom: Sendable, Decodable, Equatable {
        /// State before the timeline (or the full state on an initial sync).
        public var state: [MatrixEvent]
        /// Timeline events, oldest first.
        public var timeline: [MatrixEvent]
        /// Whether the timeline was cut (earlier events need `/messages` from `previousBatch`).
        public var timelineLimited: Bool
        /// Token to page the timeline backwards.
        public var previousBatch: String?

        enum CodingKeys: String, CodingKey { case state, timeline }
        enum EventsKeys: String, CodingKey {
            case events, limited
            case previousBatch = "prev_batch"
        }

        /// Decodes a room section; missing parts are empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let stateSection = try? container.nestedContainer(keyedBy: EventsKeys.self, forKey: .state)
            state = try stateSection?.decodeIfPresent([MatrixEvent].self, forKey: .events) ?? []
            let timelineSection = try? container.nestedContainer(keyedBy: EventsKeys.self, forKey: .timeline)
            timeline = try timelineSection?.decodeIfPresent([MatrixEvent].self, forKey: .events) ?? []
            timelineLimited = timelineSection?.decodeLenientBool(forKey: .limited) ?? false
            previousBatch = try timelineSection?.decodeIfPresent(String.self, forKey: .previousBatch)
        }
    }

    private struct Invite: Decodable {
        var events: [StrippedStateEvent]
        enum CodingKeys: String, CodingKey { case inviteState = "invite_state" }
        enum EventsKeys: String, CodingKey { case events }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let section = try? container.nestedContainer(keyedBy: EventsKeys.self, forKey: .inviteState)
            events = try section?.decodeIfPresent([StrippedStateEvent].self, forKey: .events) ?? []
        }
    }

    private struct AccountDataEvent: Decodable {
        var type: String
        var content: JSONValue?
    }

    private struct Rooms: Decodable {
        var join: [String: JoinedRoom]?
        var invite: [String: Invite]?
        var leave: [String: JoinedRoom]?
    }

    private struct Events<Element: Decodable>: Decodable { var events: [Element]? }

    enum CodingKeys: String, CodingKey {
        case rooms
        case nextBatch = "next_batch"
        case accountData = "account_data"
    }

    /// Decodes a sync answer; only `next_batch` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nextBatch = try container.decode(String.self, forKey: .nextBatch)
        let rooms = try container.decodeIfPresent(Rooms.self, forKey: .rooms)
        joinedRooms = rooms?.join ?? [:]
        invitedRooms = (rooms?.invite ?? [:]).mapValues(\.events)
        leftRooms = rooms?.leave ?? [:]
        let data = try container.decodeIfPresent(Events<AccountDataEvent>.self, forKey: .accountData)
        var global: [String: JSONValue] = [:]
        for event in data?.events ?? [] { global[event.type] = event.content ?? .null }
        accountData = global
    }
}
