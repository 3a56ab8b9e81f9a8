import CurlHTTP
import Foundation
import MatrixClient
import Synchronization

/// A small stateful Matrix homeserver behind `HTTPTransport`: the admin and client-server endpoints the
/// mirror and sync use, with Synapse's rules where they matter (aliases are unique, a per-user state key must
/// be the sender's id, only joined members write, identical state is not written twice, `send` is idempotent
/// per transaction id) and hooks to inject failures.
final class FakeMatrixServer: HTTPTransport {
    /// What a hook makes of one request.
    enum Injection {
        /// Answer this instead of handling the request.
        case answer(Int, String)
        /// Handle the request, then lose the answer (a timeout after the server acted).
        case loseAnswer
        /// Fail before reaching the server.
        case refuseConnection
    }

    struct Event {
        var eventID: String
        var type: String
        var stateKey: String?
        var sender: String
        var content: JSONValue
        var timestamp: Int64

        var json: JSONValue {
            var object: [String: JSONValue] = [
                "event_id": .string(eventID), "type": .string(type), "sender": .string(sender), "content": content,
                "origin_server_ts": .integer(timestamp),
            ]
            if let stateKey { object["state_key"] = .string(stateKey) }
            return .object(object)
        }
    }

    struct Room {
        var timeline: [Event] = []
        var state: [String: Event] = [:]

        func stateEvent(_ type: String, _ key: String) -> Event? { state[type + "\u{0}" + key] }
        mutating func put(_ event: Event) {
            timeline.append(event)
            if let key = event.stateKey { state[event.type + "\u{0}" + key] = event }
        }
        func membership(_ user: String) -> String? { stateEvent("m.room.member", user)?.content["membership"]?.stringValue }
    }

    struct State {
        var users: Set<String> = []
        var tokens: [String: String] = [:]
        var rooms: [String: Room] = [:]
        var roomOrder: [String] = []
        var aliases: [String: String] = [:]
        var accountData: [String: [String: JSONValue]] = [:]
        var sentTransactions: [String: String] = [:]
        var counter = 0
        var clock: Int64 = 1_700_000_000_000
        var log: [String] = []
    }

    let serverName: String
    let adminToken = "admin-token-secret"
    let asToken = "as-token-secret"
    let adminUser: String
    private let state = Mutex(State())
    private let hook = Mutex<(@Sendable (String, String, [String: String]) -> Injection?)?>(nil)

    init(serverName: String = "decentraland.zone") {
        self.serverName = serverName
        adminUser = "@admin:\(serverName)"
        state.withLock {
            $0.users.insert(adminUser)
            $0.tokens[adminToken] = adminUser
        }
    }

    /// Sets a hook consulted before each request (method, decoded path).
    func inject(_ body: (@Sendable (String, String) -> Injection?)?) {
        guard let body else { return hook.withLock { $0 = nil } }
        let wrapped: @Sendable (String, String, [String: String]) -> Injection? = { method, path, _ in body(method, path) }
        hook.withLock { $0 = wrapped }
    }

    /// Sets a hook that also sees the decoded query (e.g. the asserted `user_id`).
    func inject(query body: @escaping @Sendable (String, String, [String: String]) -> Injection?) { hook.withLock { $0 = body } }

    /// Every handled request, `METHOD path`.
    var log: [String] { state.withLock { $0.log } }

    func count(_ prefix: String) -> Int { log.filter { $0.hasPrefix(prefix) }.count }

    // MARK: Test setup and inspection

    func addUser(_ userID: String) { _ = state.withLock { $0.users.insert(userID) } }

    func userID(_ address: String) -> String { "@\(address):\(serverName)" }

    /// Creates a room as `creator` the way legacy clients did (alias, trusted_private_chat, invite).
    @discardableResult
    func createDM(creator: String, invite: String, alias: String?) -> String {
        state.withLock { state in makeRoom(&state, creator: creator, invite: [invite], alias: alias, preset: true) }
    }

    /// Writes a state event as `sender` (no membership checks: for seeding messy rooms).
    @discardableResult
    func putState(_ roomID: String, type: String, key: String, sender: String, content: JSONValue) -> String {
        state.withLock { state in
            let event = makeEvent(&state, type: type, key: key, sender: sender, content: content)
            state.rooms[roomID]?.put(event)
            return event.eventID
        }
    }

    func setMembership(_ roomID: String, user: String, _ membership: String) {
        putState(roomID, type: "m.room.member", key: user, sender: user, content: .object(["membership": .string(membership)]))
    }

    func room(_ roomID: String) -> Room? { state.withLock { $0.rooms[roomID] } }
    func roomIDs() -> [String] { state.withLock { $0.roomOrder } }
    func alias(_ alias: String) -> String? { state.withLock { $0.aliases[alias] } }
    func accountData(_ user: String, _ type: String) -> JSONValue? { state.withLock { $0.accountData[user]?[type] } }
    func setAccountData(_ user: String, _ type: String, _ content: JSONValue) { state.withLock { $0.accountData[user, default: [:]][type] = content } }
    func hasUser(_ user: String) -> Bool { state.withLock { $0.users.contains(user) } }

    /// Rooms whose members (any membership) are exactly these users.
    func rooms(withMembers members: Set<String>) -> [String] {
        state.withLock { state in
            state.roomOrder.filter { id in
                let room = state.rooms[id]!
                return Set(room.state.values.filter { $0.type == "m.room.member" }.compactMap(\.stateKey)) == members
            }
        }
    }

    // MARK: HTTPTransport

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let (path, query) = Self.split(request.url)
        if let injection = hook.withLock({ $0 })?(request.method.rawValue, path, query) {
            switch injection {
            case .answer(let status, let body): return Self.json(status, body)
            case .refuseConnection: throw .connectFailed("injected: connection refused")
            case .loseAnswer:
                _ = handle(request, path: path, query: query)
                throw .timeout("injected: the answer was lost")
            }
        }
        return handle(request, path: path, query: query)
    }

    private func handle(_ request: HTTPRequest, path: String, query: [String: String]) -> HTTPResponse {
        state.withLock { state in
            state.log.append("\(request.method.rawValue) \(path)")
            guard let caller = caller(&state, request, query) else { return Self.json(401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed."}"#) }
            let body = request.body.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) } ?? .object([:])
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            return route(&state, request.method.rawValue, parts, query: query, caller: caller, body: body)
        }
    }

    private func caller(_ state: inout State, _ request: HTTPRequest, _ query: [String: String]) -> String? {
        guard let header = request.headers.values("Authorization").first, header.hasPrefix("Bearer ") else { return nil }
        let token = String(header.dropFirst(7))
        if token == asToken {
            guard let asserted = query["user_id"] else { return "@socialbridge:\(serverName)" }
            return asserted
        }
        return state.tokens[token]
    }

    private func route(_ state: inout State, _ method: String, _ parts: [String], query: [String: String], caller: String,
                       body: JSONValue) -> HTTPResponse {
        // parts[0] == "" (leading slash)
        let p = Array(parts.dropFirst())
        let asserted = query["user_id"] != nil
        if asserted, !state.users.contains(caller) {
            return Self.json(403, #"{"errcode":"M_FORBIDDEN","error":"Application service has not registered this user"}"#)
        }
        switch (method, p.count) {
        case ("GET", 5) where p[0...3] == ["_synapse", "admin", "v2", "users"]:
            return state.users.contains(p[4]) ? Self.json(200, "{\"name\":\"\(p[4])\"}") : Self.json(404, #"{"errcode":"M_NOT_FOUND"}"#)
        case ("PUT", 5) where p[0...3] == ["_synapse", "admin", "v2", "users"]:
            state.users.insert(p[4])
            return Self.json(200, "{\"name\":\"\(p[4])\"}")
        case ("POST", 6) where p[0...3] == ["_synapse", "admin", "v1", "users"] && p[5] == "login":
            guard state.users.contains(p[4]) else { return Self.json(404, #"{"errcode":"M_NOT_FOUND"}"#) }
            state.counter += 1
            let token = "login-\(state.counter)"
            state.tokens[token] = p[4]
            return Self.json(200, "{\"access_token\":\"\(token)\"}")
        case ("POST", 4) where p == ["_matrix", "client", "v3", "register"]:
            guard let name = body["username"]?.stringValue else { return Self.json(400, #"{"errcode":"M_BAD_JSON"}"#) }
            let user = "@\(name):\(serverName)"
            guard state.users.insert(user).inserted else { return Self.json(400, #"{"errcode":"M_USER_IN_USE"}"#) }
            return Self.json(200, "{\"user_id\":\"\(user)\"}")
        case ("GET", 5) where p == ["_matrix", "client", "v3", "account", "whoami"]:
            return Self.json(200, "{\"user_id\":\"\(caller)\"}")
        case ("GET", 4) where p == ["_matrix", "client", "v3", "joined_rooms"]:
            let joined = state.roomOrder.filter { state.rooms[$0]?.membership(caller) == "join" }
            return Self.json(200, Self.text(.object(["joined_rooms": .array(joined.map(JSONValue.string))])))
        case (_, 6) where p[0...4] == ["_matrix", "client", "v3", "directory", "room"]:
            let alias = p[5]
            switch method {
            case "GET":
                guard let room = state.aliases[alias] else { return Self.json(404, #"{"errcode":"M_NOT_FOUND"}"#) }
                return Self.json(200, "{\"room_id\":\"\(room)\"}")
            case "PUT":
                guard state.aliases[alias] == nil else { return Self.json(409, #"{"errcode":"M_UNKNOWN","error":"Room alias already taken"}"#) }
                state.aliases[alias] = body["room_id"]?.stringValue
                return Self.json(200, "{}")
            case "DELETE":
                state.aliases[alias] = nil
                return Self.json(200, "{}")
            default: break
            }
        case ("POST", 4) where p == ["_matrix", "client", "v3", "createRoom"]:
            let alias = body["room_alias_name"]?.stringValue.map { "#\($0):\(serverName)" }
            if let alias, state.aliases[alias] != nil { return Self.json(400, #"{"errcode":"M_ROOM_IN_USE","error":"Room alias already taken"}"#) }
            let invite = body["invite"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let room = makeRoom(&state, creator: caller, invite: invite, alias: alias, preset: true)
            return Self.json(200, "{\"room_id\":\"\(room)\"}")
        case ("GET", 6) where p[0...3] == ["_synapse", "admin", "v1", "rooms"] && p[5] == "state":
            guard let room = state.rooms[p[4]] else { return Self.json(404, #"{"errcode":"M_NOT_FOUND"}"#) }
            return Self.json(200, Self.text(.object(["state": .array(room.state.values.sorted { $0.eventID < $1.eventID }.map(\.json))])))
        case ("GET", 6) where p[0...3] == ["_synapse", "admin", "v1", "rooms"] && p[5] == "messages":
            guard let room = state.rooms[p[4]] else { return Self.json(404, #"{"errcode":"M_NOT_FOUND"}"#) }
            var types: Set<String>?
            if let filter = query["filter"], let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(filter.utf8)) {
                types = Set(parsed["types"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
            let limit = Int(query["limit"] ?? "1000") ?? 1000
            let events = room.timeline.reversed().filter { types?.contains($0.type) ?? true }.prefix(limit)
            return Self.json(200, Self.text(.object(["chunk": .array(events.map(\.json)), "start": .string("t0")])))
        case ("GET", 4) where p == ["_synapse", "admin", "v1", "rooms"]:
            return Self.json(200, Self.text(.object(["rooms": .array(state.roomOrder.map { .object(["room_id": .string($0)]) }),
                                                     "total_rooms": .integer(Int64(state.roomOrder.count))])))
        case ("GET", 4) where p == ["_synapse", "admin", "v2", "users"]:
            return Self.json(200, Self.text(.object(["users": .array(state.users.sorted().map { .object(["name": .string($0)]) })])))
        case ("GET", 6) where p[0...3] == ["_synapse", "admin", "v1", "users"] && p[5] == "accountdata":
            let global = state.accountData[p[4]] ?? [:]
            return Self.json(200, Self.text(.object(["account_data": .object(["global": .object(global), "rooms": .object([:])])])))
        case (_, 7) where p[0...3] == ["_matrix", "client", "v3", "user"] && p[5] == "account_data":
            guard caller == p[4] else { return Self.json(403, #"{"errcode":"M_FORBIDDEN"}"#) }
            if method == "GET" {
                guard let content = state.accountData[p[4]]?[p[6]] else { return Self.json(404, #"{"errcode":"M_NOT_FOUND"}"#) }
                return Self.json(200, Self.text(content))
            }
            state.accountData[p[4], default: [:]][p[6]] = body
            return Self.json(200, "{}")
        case (_, _) where p.count >= 6 && p[0...3] == ["_matrix", "client", "v3", "rooms"]:
            return roomCall(&state, method, roomID: p[4], rest: Array(p[5...]), caller: caller, body: body)
        default:
            break
        }
        return Self.json(404, #"{"errcode":"M_UNRECOGNIZED","error":"no such endpoint in the fake"}"#)
    }

    private func roomCall(_ state: inout State, _ method: String, roomID: String, rest: [String], caller: String, body: JSONValue) -> HTTPResponse {
        guard var room = state.rooms[roomID] else { return Self.json(404, #"{"errcode":"M_NOT_FOUND"}"#) }
        defer { state.rooms[roomID] = room }
        let membership = room.membership(caller)
        switch (method, rest.first, rest.count) {
        case ("POST", "join", 1):
            guard membership == "invite" || membership == "join" else { return Self.json(403, #"{"errcode":"M_FORBIDDEN","error":"not invited"}"#) }
            room.put(makeEvent(&state, type: "m.room.member", key: caller, sender: caller, content: .object(["membership": .string("join")])))
            return Self.json(200, "{\"room_id\":\"\(roomID)\"}")
        case ("POST", "invite", 1):
            guard membership == "join", let invitee = body["user_id"]?.stringValue else { return Self.json(403, #"{"errcode":"M_FORBIDDEN"}"#) }
            room.put(makeEvent(&state, type: "m.room.member", key: invitee, sender: caller,
                               content: .object(["membership": .string("invite"), "is_direct": .bool(true)])))
            return Self.json(200, "{}")
        case ("POST", "leave", 1):
            room.put(makeEvent(&state, type: "m.room.member", key: caller, sender: caller, content: .object(["membership": .string("leave")])))
            return Self.json(200, "{}")
        case ("POST", "forget", 1):
            return Self.json(200, "{}")
        case ("PUT", "state", 3):
            guard membership == "join" else { return Self.json(403, #"{"errcode":"M_FORBIDDEN","error":"not joined"}"#) }
            let type = rest[1], key = rest[2]
            if key.hasPrefix("@") && key != caller { return Self.json(403, #"{"errcode":"M_FORBIDDEN","error":"state key belongs to another user"}"#) }
            if let current = room.stateEvent(type, key), current.content == body, current.sender == caller {
                return Self.json(200, "{\"event_id\":\"\(current.eventID)\"}")
            }
            let event = makeEvent(&state, type: type, key: key, sender: caller, content: body)
            room.put(event)
            return Self.json(200, "{\"event_id\":\"\(event.eventID)\"}")
        case ("PUT", "send", 3):
            guard membership == "join" else { return Self.json(403, #"{"errcode":"M_FORBIDDEN"}"#) }
            let transaction = caller + "\u{0}" + rest[2]
            if let existing = state.sentTransactions[transaction] { return Self.json(200, "{\"event_id\":\"\(existing)\"}") }
            let event = makeEvent(&state, type: rest[1], key: nil, sender: caller, content: body)
            room.put(event)
            state.sentTransactions[transaction] = event.eventID
            return Self.json(200, "{\"event_id\":\"\(event.eventID)\"}")
        default:
            return Self.json(404, #"{"errcode":"M_UNRECOGNIZED"}"#)
        }
    }

    // MARK: Helpers

    private func makeEvent(_ state: inout State, type: String, key: String?, sender: String, content: JSONValue) -> Event {
        state.counter += 1
        state.clock += 1
        return Event(eventID: "$e\(state.counter)", type: type, stateKey: key, sender: sender, content: content, timestamp: state.clock)
    }

    private func makeRoom(_ state: inout State, creator: String, invite: [String], alias: String?, preset: Bool) -> String {
        state.counter += 1
        let roomID = "!r\(state.counter):\(serverName)"
        var room = Room()
        room.put(makeEvent(&state, type: "m.room.create", key: "", sender: creator, content: .object(["creator": .string(creator)])))
        room.put(makeEvent(&state, type: "m.room.member", key: creator, sender: creator, content: .object(["membership": .string("join")])))
        for user in invite {
            room.put(makeEvent(&state, type: "m.room.member", key: user, sender: creator,
                               content: .object(["membership": .string("invite"), "is_direct": .bool(true)])))
        }
        if let alias {
            state.aliases[alias] = roomID
            room.put(makeEvent(&state, type: "m.room.canonical_alias", key: "", sender: creator, content: .object(["alias": .string(alias)])))
        }
        state.rooms[roomID] = room
        state.roomOrder.append(roomID)
        return roomID
    }

    static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
    }

    static func text(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    /// Decoded path and query of `http://host/path?query`.
    static func split(_ url: String) -> (String, [String: String]) {
        let afterScheme = url.components(separatedBy: "://").last ?? url
        let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let rest = String(afterScheme[pathStart...])
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[String(pair[0]).removingPercentEncoding ?? String(pair[0])] =
                    pair.count > 1 ? (String(pair[1]).removingPercentEncoding ?? String(pair[1])) : ""
            }
        }
        // Segments are decoded one by one so an encoded "/" inside an id stays inside its segment.
        let segments = String(parts.first ?? "").split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).removingPercentEncoding ?? String($0) }
        return (segments.joined(separator: "/"), query)
    }
}
