import Foundation
import Migration

/// An in-memory legacy homeserver answering the admin reads of §8 with small pages.
actor FakeHomeserver: LegacyHomeserver {
    struct Room {
        var state: [ClientEvent]
        /// Timeline order; what `/messages` returns (filtered by type).
        var timeline: [ClientEvent]
        var historyFails = false
        /// The state read fails after retries (a room `migrate` reports as "read failed").
    }

    var adminID = "@admin:decentraland.org"
    var users: [String] = []
    var rooms: [String: Room] = [:]
    /// Room ids the list API shows (a room can exist but be missing from the list, as when pages shift).
    var listed: [String] = []
    var accountData: [String: [String: LegacyJSON]] = [:]
    var pageSize = 2
    var unauthorized = false
    /// Rooms to add to the list after the first full listing (a room created during the scan).
    var lateRooms: [String] = []
    /// Rooms whose state read fails (after the client's retries).
    var failingStateReads: Set<String> = []
    private var listings = 0
    private(set) var stateReads: [String] = []
    private(set) var historyReads: [String] = []
    private(set) var requests = 0

    func whoami() async throws -> String {
        requests += 1
        if unauthorized { throw HomeserverReadError.unauthorized("M_UNKNOWN_TOKEN") }
        return adminID
    }

    func users(from: String?) async throws -> LegacyPage<LegacyUser> {
        requests += 1
        let page = slice(users.sorted(), from: from)
        return LegacyPage(items: page.items.map { LegacyUser(userID: $0) }, next: page.next)
    }

    func rooms(from: String?) async throws -> LegacyPage<String> {
        requests += 1
        let page = slice(listed, from: from)
        if page.next == nil {
            listings += 1
            if listings == 1 { listed += lateRooms }
        }
        return LegacyPage(items: page.items, next: page.next)
    }

    func globalAccountData(userID: String) async throws -> [String: LegacyJSON] {
        requests += 1
        return accountData[userID] ?? [:]
    }

    func roomState(roomID: String) async throws -> [ClientEvent] {
        requests += 1
        stateReads.append(roomID)
        if failingStateReads.contains(roomID) { throw HomeserverReadError.failed("GET /state: 502") }
        guard let room = rooms[roomID] else { throw HomeserverReadError.notFound }
        return room.state
    }

    func roomHistory(roomID: String, types: [String]) async throws -> (events: [ClientEvent], complete: Bool) {
        requests += 1
        historyReads.append(roomID)
        guard let room = rooms[roomID] else { throw HomeserverReadError.notFound }
        if room.historyFails { throw HomeserverReadError.failed("GET /messages: 500") }
        let events = room.timeline.filter { types.contains($0.type) }
        return (events, events.contains { $0.type == "m.room.create" })
    }

    func requestCounts() async -> (requests: Int, retries: Int) { (requests, 0) }

    private func slice(_ all: [String], from: String?) -> (items: [String], next: String?) {
        let start = Int(from ?? "0") ?? 0
        guard start < all.count else { return ([], nil) }
        let end = min(start + pageSize, all.count)
        return (Array(all[start..<end]), end < all.count ? String(end) : nil)
    }

    // MARK: Seeding

    func addUser(_ id: String) { users.append(id) }

    /// Adds a room from Matrix JSON: `state` the current state, `timeline` every event in order
    /// (the `""` friendship events and `m.room.create` matter).
    func addRoom(_ id: String, state: [String], timeline: [String], listed isListed: Bool = true) throws {
        rooms[id] = Room(state: try Legacy.events(state), timeline: try Legacy.events(timeline))
        if isListed { listed.append(id) }
    }

    /// Appends a new `""` friendship event to a room's timeline and current state (a legacy client acting).
    func act(in id: String, event json: String) throws {
        guard let event = try Legacy.events([json]).first, var room = rooms[id] else { return }
        room.timeline.append(event)
        room.state.removeAll { $0.type == event.type && $0.stateKey == event.stateKey }
        room.state.append(event)
        rooms[id] = room
    }

    func setAccountData(_ userID: String, _ json: String) throws {
        accountData[userID] = try LegacyJSON(parsing: Data(json.utf8)).objectValue ?? [:]
    }

    func setUnauthorized() { unauthorized = true }
    func setHistoryFails(_ id: String) { rooms[id]?.historyFails = true }
    func setStateFails(_ id: String, _ fails: Bool = true) { if fails { failingStateReads.insert(id) } else { failingStateReads.remove(id) } }
    func addLateRoom(_ id: String) { lateRooms.append(id) }
    func unlist(_ id: String) { listed.removeAll { $0 == id } }
}

extension FakeHomeserver {
    func setListed(_ ids: [String]) { listed = ids }
}
