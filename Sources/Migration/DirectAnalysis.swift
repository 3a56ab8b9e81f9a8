import SocialDomain

/// `m.direct` and `m.ignored_user_list` of the users (§6.4, §7.1): discovery and report only,
/// never a status.
public struct DirectAnalysis: Sendable {
    private let layout: LegacyLayout

    public init(layout: LegacyLayout) { self.layout = layout }

    /// Every value of an `m.direct` content shaped like a room id (`!opaque:server` or `!opaque`).
    public static func roomIDs(in direct: LegacyJSON?) -> [String] {
        guard let entries = direct?.objectValue else { return [] }
        var seen = Set<String>()
        var ids: [String] = []
        for key in entries.keys.sorted() {
            for value in entries[key]?.arrayValue ?? [] {
                guard let id = value.stringValue, id.hasPrefix("!"), id.count > 1, seen.insert(id).inserted else { continue }
                ids.append(id)
            }
        }
        return ids
    }

    /// What the run learnt about rooms, for judging `m.direct` entries.
    public struct RoomFacts: Sendable {
        /// The pair named by each room's membership (§4.2 step 2), when it names one.
        public var roomPairs: [String: AddressPair]
        /// Rooms whose state read answered 404.
        public var unknownRooms: Set<String>
        /// Each pair's winning room (§4.4).
        public var winningRooms: [AddressPair: String]

        public init(roomPairs: [String: AddressPair], unknownRooms: Set<String>, winningRooms: [AddressPair: String]) {
            self.roomPairs = roomPairs
            self.unknownRooms = unknownRooms
            self.winningRooms = winningRooms
        }
    }

    /// Journals one user's `m.direct` defects and the pairs whose winning room it misses.
    /// - Parameters:
    ///   - userID: the owner of the account data.
    ///   - direct: its `m.direct` content (`nil` when absent).
    ///   - facts: rooms and winners of this run.
    ///   - winnersOfUser: the pairs of this user that have a winning room.
    public func analyze(userID: String, direct: LegacyJSON?, facts: RoomFacts, winnersOfUser: [AddressPair]) -> [JournalEntry] {
        guard let owner = layout.identity(of: userID).address else { return [] }
        let entries = direct?.objectValue ?? [:]
        var journal: [JournalEntry] = []
        var listed: [Address: Set<String>] = [:]
        for key in entries.keys.sorted() {
            let identity = layout.identity(of: key)
            let other = identity.address
            if other != nil && !key.hasPrefix(layout.mapping.userID.prefix) {
                journal.append(JournalEntry(.mdirectBareAddress, detail: "\(userID): key \(key)"))
            }
            if case .address(_, true) = identity {
                journal.append(JournalEntry(.identifierNormalized, detail: "\(userID): m.direct key \(key)"))
            }
            for value in entries[key]?.arrayValue ?? [] {
                guard let id = value.stringValue else { continue }
                if id.hasPrefix(layout.mapping.userID.prefix) {
                    journal.append(JournalEntry(.mdirectUserIDValue, detail: "\(userID): \(key) → \(id)"))
                    continue
                }
                guard id.hasPrefix("!") else { continue }
                if let other { listed[other, default: []].insert(id) }
                if facts.unknownRooms.contains(id) {
                    journal.append(JournalEntry(.mdirectUnknownRoom, roomID: id, detail: "\(userID): \(key)"))
                } else if let roomPair = facts.roomPairs[id], let other, roomPair != AddressPair(owner, other) {
                    journal.append(JournalEntry(.mdirectWrongRoom, roomID: id, pair: roomPair.description,
                                                detail: "\(userID): listed under \(key)"))
                }
            }
        }
        for pair in winnersOfUser {
            guard let room = facts.winningRooms[pair], let other = pair.other(than: owner) else { continue }
            if !(listed[other]?.contains(room) ?? false) {
                journal.append(JournalEntry(.mdirectMissing, roomID: room, pair: pair.description, detail: "\(userID)"))
            }
        }
        return journal
    }

    /// `ignored_list_not_block`: each entry of `m.ignored_user_list`, journaled and never imported as a block.
    public func ignoredUsers(userID: String, ignoredList: LegacyJSON?) -> [JournalEntry] {
        guard let ignored = ignoredList?["ignored_users"]?.objectValue else { return [] }
        return ignored.keys.sorted().map { JournalEntry(.ignoredListNotBlock, detail: "\(userID) ignores \($0)") }
    }
}
