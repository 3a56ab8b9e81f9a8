import Foundation
import Migration
import SocialDomain

/// Builders of Matrix client-event JSON (the shape `/state` and `/messages` return), so each test
/// reads like the recorded room it stands for.
enum Legacy {
    static let server = "decentraland.org"
    static let a = "0x" + String(repeating: "a", count: 40)
    static let b = "0x" + String(repeating: "b", count: 40)
    static let c = "0x" + String(repeating: "c", count: 40)
    static let mixedA = "0x" + String(repeating: "A", count: 40)

    static func user(_ address: String) -> String { "@\(address):\(server)" }
    static func addr(_ text: String) -> Address { Address(text) ?? Address("0x" + String(repeating: "0", count: 40))! }

    static let mappingURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("mappings")

    static func mapping(_ name: String = "decentraland") throws -> Mapping {
        try Mapping.load(contentsOf: mappingURL.appendingPathComponent("\(name).json"))
    }

    static func layout(_ name: String = "decentraland") throws -> LegacyLayout {
        LegacyLayout(mapping: try mapping(name), whoamiUserID: "@admin:\(server)")
    }

    static func create(_ sender: String, ts: Int64 = 1_000, type: String? = nil, id: String = "$create") -> String {
        let content = type.map { #"{"creator":"\#(sender)","type":"\#($0)"}"# } ?? #"{"creator":"\#(sender)"}"#
        return #"{"event_id":"\#(id)","type":"m.room.create","state_key":"","sender":"\#(sender)","origin_server_ts":\#(ts),"content":\#(content)}"#
    }

    static func member(_ userID: String, _ membership: String = "join", ts: Int64 = 1_001) -> String {
        #"{"event_id":"$m-\#(userID)-\#(membership)","type":"m.room.member","state_key":"\#(userID)","sender":"\#(userID)","origin_server_ts":\#(ts),"content":{"membership":"\#(membership)","is_direct":true}}"#
    }

    static func alias(_ alias: String) -> String {
        #"{"event_id":"$alias","type":"m.room.canonical_alias","state_key":"","sender":"\#(user(a))","origin_server_ts":1002,"content":{"alias":"\#(alias)"}}"#
    }

    /// A friendship event; `content` is raw JSON (`nil` for an event without content).
    static func friendship(_ id: String, by sender: String, key: String = "", content: String?, ts: Int64,
                           type: String = "org.decentraland.friendship") -> String {
        let body = content.map { #","content":\#($0)"# } ?? ""
        return #"{"event_id":"\#(id)","type":"\#(type)","state_key":"\#(key)","sender":"\#(sender)","origin_server_ts":\#(ts)\#(body)}"#
    }

    static func action(_ type: String, message: String? = nil) -> String {
        guard let message else { return #"{"type":"\#(type)"}"# }
        return #"{"type":"\#(type)","message":"\#(message)"}"#
    }

    static func events(_ json: [String]) throws -> [ClientEvent] {
        try ClientEvent.decodeArray(Data(("[" + json.joined(separator: ",") + "]").utf8))
    }

    /// A two-member DM room of a and b created by a with the canonical alias.
    static func dmState(creator: String = user(a), members: [String] = [member(user(a)), member(user(b))]) -> [String] {
        [create(creator), alias("#\(a)+\(b):\(server)")] + members
    }

    /// A snapshot from state JSON; `history` nil = unavailable, else the `""` events in timeline order.
    static func room(_ id: String = "!room:decentraland.org", state: [String], history: [String]?, complete: Bool = true,
                     layout: LegacyLayout) throws -> RoomSnapshot {
        let h: FriendshipHistory = try history.map { .read(events: try events($0), complete: complete) } ?? .unavailable
        return RoomSnapshot(roomID: id, state: try events(state), friendshipEventType: layout.mapping.eventType, history: h)
    }

    static func derive(state: [String], history: [String]?, complete: Bool = true,
                       id: String = "!room:decentraland.org") throws -> RoomDerivation {
        let layout = try layout()
        return RoomDeriver(layout: layout).derive(try room(id, state: state, history: history, complete: complete, layout: layout))
    }
}

extension RoomDerivation {
    /// Journaled rule names, sorted and deduplicated.
    var rules: [String] { Array(Set(journal.map(\.rule.rawValue))).sorted() }
}
