/// One user of the admin user list.
public struct LegacyUser: Sendable, Hashable {
    public var userID: String
    public var deactivated: Bool
    public init(userID: String, deactivated: Bool = false) {
        self.userID = userID
        self.deactivated = deactivated
    }
}

/// A page of an offset-paged admin list; `next` is absent on the last page.
public struct LegacyPage<Element: Sendable>: Sendable {
    public var items: [Element]
    public var next: String?
    public init(items: [Element], next: String?) {
        self.items = items
        self.next = next
    }
}

/// Why a read failed, as far as the migration cares.
public enum HomeserverReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 401/403/`M_UNKNOWN_TOKEN` on the admin token: the run stops.
    case unauthorized(String)
    /// 404 (unknown room or user).
    case notFound
    /// Anything else after retries (5xx, network, malformed JSON), with the endpoint named.
    case failed(String)

    public var description: String {
        switch self {
        case .unauthorized(let detail): return "the homeserver refused the admin token: \(detail)"
        case .notFound: return "not found"
        case .failed(let detail): return detail
        }
    }
}

/// The reads `migrate` makes (legacy-matrix §8), implemented over `MatrixClient` by an adapter and by fakes in tests.
/// Methods throw `HomeserverReadError`.
public protocol LegacyHomeserver: Sendable {
    /// The admin token's user id (`whoami`).
    func whoami() async throws -> String
    /// One page of `GET /_synapse/admin/v2/users` (guests excluded, deactivated included).
    func users(from: String?) async throws -> LegacyPage<LegacyUser>
    /// One page of `GET /_synapse/admin/v1/rooms` ordered by name (ties by room id).
    func rooms(from: String?) async throws -> LegacyPage<String>
    /// A user's global account data by type (`m.direct`, `m.ignored_user_list`); empty when none.
    func globalAccountData(userID: String) async throws -> [String: LegacyJSON]
    /// The room's whole current state; throws `.notFound` for an unknown room.
    func roomState(roomID: String) async throws -> [ClientEvent]
    /// The room's events of `types` in timeline order, paged backwards from the end until `m.room.create`
    /// (which is among `types`) comes back; `complete` iff it did.
    func roomHistory(roomID: String, types: [String]) async throws -> (events: [ClientEvent], complete: Bool)
    /// HTTP requests made and retried so far.
    func requestCounts() async -> (requests: Int, retries: Int)
}
