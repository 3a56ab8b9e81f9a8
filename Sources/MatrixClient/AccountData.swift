/// A user's account data as the admin API returns it
/// (`GET /_synapse/admin/v1/users/<id>/accountdata`).
public struct AccountData: Sendable, Decodable, Equatable {
    /// Global account data by type (`m.direct`, `m.ignored_user_list`, …), contents as raw JSON.
    public var global: [String: JSONValue]
    /// Per-room account data: room id → type → content.
    public var rooms: [String: [String: JSONValue]]

    /// Creates account data (for tests and fakes).
    public init(global: [String: JSONValue] = [:], rooms: [String: [String: JSONValue]] = [:]) {
        self.global = global
        self.rooms = rooms
    }

    private enum OuterKeys: String, CodingKey { case accountData = "account_data" }
    private enum InnerKeys: String, CodingKey { case global, rooms }

    /// Decodes `{"account_data":{"global":{…},"rooms":{…}}}`; missing parts are empty.
    public init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: OuterKeys.self)
        let inner = try outer.nestedContainer(keyedBy: InnerKeys.self, forKey: .accountData)
        global = try inner.decodeIfPresent([String: JSONValue].self, forKey: .global) ?? [:]
        rooms = try inner.decodeIfPresent([String: [String: JSONValue]].self, forKey: .rooms) ?? [:]
    }

    /// The `m.direct` content, if set.
    public var direct: JSONValue? { global["m.direct"] }
}
