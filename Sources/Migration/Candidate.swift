import SocialDomain

/// What one room says about its pair (§4.2 output): the action to import and its provenance.
public struct Candidate: Sendable, Hashable {
    public var pair: AddressPair
    /// The resulting action (after the conversions of step 7).
    public var action: FriendshipAction
    /// Who acted: the sender of the chosen `""` event.
    public var actingUser: Address
    /// Step 8's requester (becomes `address_requester` when this candidate creates the row).
    public var requester: Address
    /// Step 9's message (requests only).
    public var message: String?
    /// `origin_server_ts` of the chosen event, in ms.
    public var timestamp: Int64
    /// The chosen event's id (the action id is its UUIDv5).
    public var eventID: String
    public var roomID: String
    /// `m.room.create` `origin_server_ts`, when the state held it.
    public var roomCreatedAt: Int64?
    /// Whether the room's canonical alias is exactly the pair's canonical alias (§4.4 tie-break).
    public var hasCanonicalAlias: Bool
    /// `action_id` of the bridge marker in the event content, if the bridge wrote the event (§9.6).
    public var bridgeActionID: String?

    /// The deterministic action id (§4.6).
    public var actionID: String { BridgeIDs.action(eventID: eventID) }

    /// A candidate value (the deriver makes them; tests and tools may too).
    public init(pair: AddressPair, action: FriendshipAction, actingUser: Address, requester: Address, message: String?,
                timestamp: Int64, eventID: String, roomID: String, roomCreatedAt: Int64?, hasCanonicalAlias: Bool,
                bridgeActionID: String?) {
        self.pair = pair
        self.action = action
        self.actingUser = actingUser
        self.requester = requester
        self.message = message
        self.timestamp = timestamp
        self.eventID = eventID
        self.roomID = roomID
        self.roomCreatedAt = roomCreatedAt
        self.hasCanonicalAlias = hasCanonicalAlias
        self.bridgeActionID = bridgeActionID
    }
}

/// The derivation of one room: a candidate or nothing, the pair when membership named one, and the journal.
public struct RoomDerivation: Sendable, Hashable {
    public var roomID: String
    /// The pair of the room's two participants, when §4.2 step 2 found one (even if no candidate).
    public var pair: AddressPair?
    public var candidate: Candidate?
    public var journal: [JournalEntry]
    /// The `m.room.tombstone` replacement room, if the room was upgraded.
    public var replacementRoom: String? = nil

    /// The room's entry for the room index.
    public var indexEntry: RoomIndexEntry { RoomIndexEntry(roomID: roomID, pair: pair, replacedBy: replacementRoom) }
}
