/// The `""` friendship history of a room (§4.1 H(R)).
public enum FriendshipHistory: Sendable, Hashable {
    /// `/messages` failed or was not read.
    case unavailable
    /// The shared-key friendship events in timeline order; `complete` iff `m.room.create` came back in the same paging.
    case read(events: [ClientEvent], complete: Bool)
}

/// Everything the derivation reads about one room (§4.1), as plain values.
public struct RoomSnapshot: Sendable, Hashable {
    /// One `m.room.member` state event.
    public struct Member: Sendable, Hashable {
        public var userID: String
        public var membership: String
        public init(userID: String, membership: String) {
            self.userID = userID
            self.membership = membership
        }
    }

    public var roomID: String
    /// The `m.room.create` event, if the state holds one.
    public var create: ClientEvent?
    /// Every `m.room.member` state event, whatever the membership.
    public var members: [Member]
    /// `m.room.canonical_alias` `content.alias`.
    public var canonicalAlias: String?
    /// Every current-state friendship event (any state key).
    public var friendshipEvents: [ClientEvent]
    /// H(R).
    public var history: FriendshipHistory
    /// `m.room.tombstone` `content.replacement_room`: the room was upgraded to this one.
    public var replacementRoom: String?

    /// Builds a snapshot from values.
    public init(roomID: String, create: ClientEvent?, members: [Member], canonicalAlias: String?,
                friendshipEvents: [ClientEvent], history: FriendshipHistory) {
        self.roomID = roomID
        self.create = create
        self.members = members
        self.canonicalAlias = canonicalAlias
        self.friendshipEvents = friendshipEvents
        self.history = history
    }

    /// Picks what the derivation needs out of a room's whole current state (`/state`).
    /// - Parameters:
    ///   - roomID: the room.
    ///   - state: the current state events.
    ///   - friendshipEventType: the mapping's event type.
    ///   - history: H(R), if read.
    public init(roomID: String, state: [ClientEvent], friendshipEventType: String, history: FriendshipHistory = .unavailable) {
        self.roomID = roomID
        create = state.first { $0.type == "m.room.create" && $0.stateKey == "" }
        members = state.compactMap { event in
            guard event.type == "m.room.member", let key = event.stateKey else { return nil }
            return Member(userID: key, membership: event.content?["membership"]?.stringValue ?? "")
        }
        canonicalAlias = state.first { $0.type == "m.room.canonical_alias" && $0.stateKey == "" }?
            .content?["alias"]?.stringValue
        friendshipEvents = state.filter { $0.type == friendshipEventType && $0.stateKey != nil }
        replacementRoom = state.first { $0.type == "m.room.tombstone" && $0.stateKey == "" }?
            .content?["replacement_room"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        self.history = history
    }

    /// The current-state friendship event under `stateKey`.
    public func friendshipState(key stateKey: String) -> ClientEvent? {
        friendshipEvents.first { $0.stateKey == stateKey }
    }
}
