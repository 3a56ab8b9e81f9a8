import MatrixClient
import Migration
import SocialDomain

/// The parts of a room's current state the mirror decides on: who is a member, the friendship events,
/// the creator and an upgrade's replacement.
struct RoomView: Sendable {
    /// One current friendship state event.
    struct FriendshipState: Sendable {
        var action: FriendshipAction?
        var sender: String
        var content: JSONValue
    }

    let roomID: String
    /// Membership by exact user id.
    var members: [String: String] = [:]
    /// The shared-key (`""`) friendship event.
    var shared: FriendshipState?
    /// Per-user friendship events by state key.
    var perUser: [String: FriendshipState] = [:]
    /// `m.room.create`'s sender.
    var creator: String?
    /// `m.room.tombstone` `replacement_room`.
    var replacement: String?
    /// `m.room.canonical_alias` `alias`.
    var canonicalAlias: String?

    init(roomID: String, state: [MatrixEvent], mapping: Mapping) {
        self.roomID = roomID
        for event in state {
            switch (event.type, event.stateKey) {
            case ("m.room.member", let key?):
                members[key] = event.content["membership"]?.stringValue ?? ""
            case ("m.room.create", ""):
                creator = event.sender
            case ("m.room.tombstone", ""):
                replacement = event.content["replacement_room"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            case ("m.room.canonical_alias", ""):
                canonicalAlias = event.content["alias"]?.stringValue
            case (mapping.eventType, let key?):
                let state = FriendshipState(action: mapping.action(of: LegacyJSON(event.content)), sender: event.sender, content: event.content)
                if key == mapping.sharedStateKey { shared = state } else { perUser[key] = state }
            default:
                break
            }
        }
    }

    func membership(of userID: String) -> String? { members[userID] }
    func isJoined(_ userID: String) -> Bool { members[userID] == "join" }

    /// The `action_id` of the bridge marker in the shared event, if the bridge wrote it.
    func sharedMarker(key: String) -> String? { shared?.content[key]?["action_id"]?.stringValue }
}
