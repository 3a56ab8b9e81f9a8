import Foundation
import SocialDomain

/// Everything the read phases learnt.
struct LegacyScan: Sendable {
    var derivations: [RoomDerivation] = []
    /// The pair named by each room's membership.
    var roomPairs: [String: AddressPair] = [:]
    /// Rooms whose state read answered 404.
    var unknownRooms: Set<String> = []
    /// Global account data of the address users that was readable.
    var accountData: [String: (direct: LegacyJSON?, ignored: LegacyJSON?)] = [:]
    /// Room journals of rooms whose membership named a pair, by pair (written with the pair's batch).
    var journalsByPair: [AddressPair: [JournalEntry]] = [:]
    /// Room journals of rooms that named no pair.
    var unpairedJournal: [JournalEntry] = []
}

/// The read phases of §8.8: users, rooms, account data (discovery), room state and history, rescan.
struct LegacyReader: Sendable {
    let homeserver: any LegacyHomeserver
    let layout: LegacyLayout
    let concurrency: Int
    let meter: ProgressMeter

    /// Outcome of reading one room.
    enum RoomRead: Sendable {
        case derived(RoomDerivation, historyRead: Bool)
        case unknown(String)
        case failed(String, String)
    }

    func scan(restriction: Set<Address>?, report: inout MigrationReport) async throws -> LegacyScan {
        var scan = LegacyScan()
        var phase = Date()
        meter.begin("users", total: nil)
        let users = try await pageAll { try await homeserver.users(from: $0) }
        report.usersTotal = users.count
        var addressUsers: [String] = []
        for user in users {
            guard let address = layout.identity(of: user.userID).address else {
                report.usersSkippedNonAddress += 1
                continue
            }
            if restriction?.contains(address) ?? true { addressUsers.append(user.userID) }
        }
        report.timings["users"] = Date().timeIntervalSince(phase)

        phase = Date()
        meter.begin("rooms", total: nil)
        var roomIDs = OrderedSet(try await pageAll { try await homeserver.rooms(from: $0) })
        report.roomsListed = roomIDs.count
        report.timings["rooms"] = Date().timeIntervalSince(phase)

        phase = Date()
        meter.begin("account_data", total: addressUsers.count)
        let accountData = try await boundedMap(addressUsers, limit: concurrency) { [homeserver, meter] userID in
            defer { meter.advance() }
            do {
                return (userID, try await homeserver.globalAccountData(userID: userID) as [String: LegacyJSON]?)
            } catch let error as HomeserverReadError {
                if case .unauthorized = error { throw MigrationError.homeserver(error) }
                return (userID, nil)
            }
        }
        var discovered: [String] = []
        for (userID, data) in accountData {
            guard let data else {
                report.usersAccountDataUnreadable += 1
                continue
            }
            scan.accountData[userID] = (data["m.direct"], data["m.ignored_user_list"])
            for room in DirectAnalysis.roomIDs(in: data["m.direct"]) where roomIDs.insert(room) {
                discovered.append(room)
            }
        }
        report.roomsDiscoveredViaMDirect = discovered.count
        report.timings["account_data"] = Date().timeIntervalSince(phase)

        phase = Date()
        try await read(roomIDs.elements, discovered: Set(discovered), phase: "rooms_state", into: &scan, report: &report)
        report.timings["rooms_state"] = Date().timeIntervalSince(phase)

        // Rooms created while the list was paged shift the offsets: page again and read what is new.
        phase = Date()
        meter.begin("rescan", total: nil)
        var fresh: [String] = []
        for room in try await pageAll({ try await homeserver.rooms(from: $0) }) where roomIDs.insert(room) { fresh.append(room) }
        report.roomsFoundByRescan = fresh.count
        try await read(fresh, discovered: [], phase: "rescan", into: &scan, report: &report)
        report.timings["rescan"] = Date().timeIntervalSince(phase)
        return scan
    }

    private func read(_ rooms: [String], discovered: Set<String>, phase: String,
                      into scan: inout LegacyScan, report: inout MigrationReport) async throws {
        meter.begin(phase, total: rooms.count)
        let results = try await boundedMap(rooms, limit: concurrency) { [self] roomID in
            defer { meter.advance() }
            return try await readRoom(roomID)
        }
        for result in results {
            switch result {
            case .unknown(let roomID):
                scan.unknownRooms.insert(roomID)
                // An m.direct-only room id the server does not know is journaled by the m.direct analysis.
                if !discovered.contains(roomID) { report.skippedRooms.append(.init(id: roomID, reason: "not found")) }
            case .failed(let roomID, let reason):
                report.skippedRooms.append(.init(id: roomID, reason: "read failed: \(reason)"))
            case .derived(let derivation, let historyRead):
                report.roomsStateRead += 1
                if historyRead { report.roomsHistoryRead += 1 }
                scan.derivations.append(derivation)
                if let pair = derivation.pair {
                    scan.roomPairs[derivation.roomID] = pair
                    scan.journalsByPair[pair, default: []].append(contentsOf: derivation.journal)
                } else {
                    scan.unpairedJournal.append(contentsOf: derivation.journal)
                }
                if derivation.candidate != nil {
                    report.roomsWithCandidate += 1
                } else {
                    let rules = derivation.journal.map(\.rule.rawValue)
                    report.skippedRooms.append(.init(id: derivation.roomID,
                                                     reason: rules.isEmpty ? "no friendship event" : rules.joined(separator: ",")))
                }
            }
        }
    }

    private func readRoom(_ roomID: String) async throws -> RoomRead {
        switch try await LegacyRoomReader(homeserver: homeserver, layout: layout).read(roomID) {
        case .derived(let derivation, let historyRead): return .derived(derivation, historyRead: historyRead)
        case .unknown: return .unknown(roomID)
        case .failed(let reason): return .failed(roomID, reason)
        }
    }

    /// Pages an offset-paged list to its end; a repeated token ends the paging (never loops).
    private func pageAll<E: Sendable>(_ page: (String?) async throws -> LegacyPage<E>) async throws -> [E] {
        var items: [E] = []
        var from: String?
        var seen = Set<String>()
        repeat {
            let result: LegacyPage<E>
            do { result = try await page(from) } catch let error as HomeserverReadError {
                if case .unauthorized = error { throw MigrationError.homeserver(error) }
                throw MigrationError.listing(error.description)
            }
            items.append(contentsOf: result.items)
            meter.advance(result.items.count)
            guard let next = result.next, !result.items.isEmpty, seen.insert(next).inserted else { break }
            from = next
        } while true
        return items
    }
}

/// Insertion-ordered set of room ids.
struct OrderedSet: Sendable {
    private(set) var elements: [String] = []
    private var members: Set<String> = []

    init(_ items: [String]) { for item in items { insert(item) } }

    var count: Int { elements.count }

    /// Adds `item`; `true` when it was new.
    @discardableResult mutating func insert(_ item: String) -> Bool {
        guard members.insert(item).inserted else { return false }
        elements.append(item)
        return true
    }
}
