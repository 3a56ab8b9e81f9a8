import SocialDomain

/// Derives what one room says about its pair: legacy-matrix §4.2 steps 1–10, exactly.
public struct RoomDeriver: Sendable {
    /// The layout in force.
    public let layout: LegacyLayout

    public init(layout: LegacyLayout) { self.layout = layout }

    /// Runs the derivation on one room.
    public func derive(_ room: RoomSnapshot) -> RoomDerivation {
        var journal = Journal(roomID: room.roomID)
        // Step 1.
        if let type = room.create?.content?["type"]?.stringValue, type == layout.mapping.channelCreateType {
            journal.add(.channelRoom, detail: type)
            return RoomDerivation(roomID: room.roomID, pair: nil, candidate: nil, journal: journal.entries, replacementRoom: room.replacementRoom)
        }
        // Step 2.
        guard let participants = participants(of: room, journal: &journal) else {
            return RoomDerivation(roomID: room.roomID, pair: nil, candidate: nil, journal: journal.entries, replacementRoom: room.replacementRoom)
        }
        let pair = participants.pair
        journal.pair = pair.description
        if let replacement = room.replacementRoom { journal.add(.roomUpgraded, detail: "replaced by \(replacement)") }
        checkAlias(room, pair: pair, journal: &journal)
        let candidate = deriveCandidate(room, pair: pair, createSender: room.create.flatMap { address(of: $0.sender) },
                                        journal: &journal)
        return RoomDerivation(roomID: room.roomID, pair: pair, candidate: candidate, journal: journal.entries,
                              replacementRoom: room.replacementRoom)
    }

    // MARK: Step 2

    private struct Participants { var pair: AddressPair }

    private enum Who: Hashable { case address(Address), other(String) }

    private func participants(of room: RoomSnapshot, journal: inout Journal) -> Participants? {
        var strength: [Who: Int] = [:]
        var order: [Who] = []
        for member in room.members {
            let who: Who
            switch layout.identity(of: member.userID) {
            case .address(let address, let normalized):
                if normalized { journal.add(.identifierNormalized, detail: member.userID) }
                who = .address(address)
            case .nonAddress(let id):
                who = .other(id)
            }
            if strength[who] == nil { order.append(who) }
            strength[who] = max(strength[who] ?? 0, Self.rank(member.membership))
        }
        guard order.count == 2 else {
            journal.add(.notTwoMembers, detail: "\(order.count) participants")
            return nil
        }
        var addresses: [Address] = []
        for who in order {
            switch who {
            case .address(let address): addresses.append(address)
            case .other(let id):
                journal.add(.nonAddressUser, detail: id)
                return nil
            }
        }
        guard let pair = AddressPair(addresses[0], addresses[1]) else { return nil }
        journal.pair = pair.description
        for who in order {
            guard case .address(let address) = who else { continue }
            switch strength[who] ?? 0 {
            case 2: journal.add(.memberInvitedOnly, detail: address.rawValue)
            case 1: journal.add(.memberLeft, detail: address.rawValue)
            default: break
            }
        }
        return Participants(pair: pair)
    }

    /// join 3, invite 2, leave/ban 1; anything else (knock, malformed) 0.
    private static func rank(_ membership: String) -> Int {
        switch membership {
        case "join": return 3
        case "invite": return 2
        case "leave", "ban": return 1
        default: return 0
        }
    }

    // MARK: Step 3

    private func checkAlias(_ room: RoomSnapshot, pair: AddressPair, journal: inout Journal) {
        guard let alias = room.canonicalAlias else { return }
        guard let parsed = layout.pair(fromAlias: alias), parsed.pair == pair else {
            journal.add(.aliasMismatch, detail: alias)
            return
        }
        if parsed.normalized { journal.add(.identifierNormalized, detail: alias) }
    }

    // MARK: Steps 4–10

    private func deriveCandidate(_ room: RoomSnapshot, pair: AddressPair, createSender: Address?,
                                 journal: inout Journal) -> Candidate? {
        let mapping = layout.mapping
        // Step 4.
        guard let current = room.friendshipState(key: mapping.sharedStateKey) else {
            let perUser = room.friendshipEvents.filter { $0.stateKey != mapping.sharedStateKey }
            if !perUser.isEmpty { journal.add(.perUserOnly, eventIDs: perUser.map(\.eventID)) }
            return nil
        }
        // Step 5.
        guard member(current.sender, of: pair, journal: &journal) != nil else {
            journal.add(.foreignSender, eventIDs: [current.eventID], detail: current.sender)
            return nil
        }
        guard mapping.action(of: current.content) != nil else {
            journal.add(.invalidFriendshipContent, eventIDs: [current.eventID])
            return nil
        }
        // Step 6.
        var history = HistoryWalk(current: current, room: room, layout: layout, pair: pair)
        history.checkTimestamps(journal: &journal)
        if history.discarded { journal.add(.historyMismatch, eventIDs: [current.eventID]) }
        // Steps 7–10.
        guard let outcome = history.derive(index: history.events.count - 1, journal: &journal) else { return nil }
        let event = outcome.event
        let requester = requester(of: outcome, pair: pair, createSender: createSender)
        var message: String?
        if outcome.action == .request {
            message = mapping.message(of: event.content)
            if message == nil, let fromKey = perUserMessage(of: outcome.actor, notOlderThan: event, room: room) {
                message = fromKey.message
                journal.add(.messageFromPerUserKey, eventIDs: [event.eventID, fromKey.eventID])
            }
        }
        let marker = event.content?[mapping.bridgeMarkerKey]?["action_id"]?.stringValue
        return Candidate(
            pair: pair, action: outcome.action, actingUser: outcome.actor, requester: requester, message: message,
            timestamp: event.originServerTS, eventID: event.eventID, roomID: room.roomID,
            roomCreatedAt: room.create?.originServerTS, hasCanonicalAlias: room.canonicalAlias == layout.alias(of: pair),
            bridgeActionID: marker)
    }

    /// Step 8.
    private func requester(of outcome: HistoryWalk.Outcome, pair: AddressPair, createSender: Address?) -> Address {
        let actor = outcome.actor
        let other = pair.other(than: actor) ?? actor
        switch outcome.action {
        case .request, .cancel, .block: return actor
        case .accept, .reject: return other
        case .delete:
            if case .event(.accept, let by, _) = outcome.predecessor { return pair.other(than: by) ?? actor }
            if let createSender, pair.contains(createSender) { return createSender }
            return actor
        }
    }

    /// Step 9's fallback: the per-user request of `actor` with a message, not older than `event`.
    private func perUserMessage(of actor: Address, notOlderThan event: ClientEvent, room: RoomSnapshot)
        -> (message: String, eventID: String)? {
        guard layout.mapping.hasPerUserStateKeys else { return nil }
        for state in room.friendshipEvents where state.stateKey != layout.mapping.sharedStateKey {
            guard let key = state.stateKey, state.sender == key, layout.identity(of: key).address == actor,
                  layout.mapping.action(of: state.content) == .request,
                  state.originServerTS >= event.originServerTS,
                  let message = layout.mapping.message(of: state.content) else { continue }
            return (message, state.eventID)
        }
        return nil
    }

    private func address(of userID: String) -> Address? { layout.identity(of: userID).address }

    private func member(_ userID: String, of pair: AddressPair, journal: inout Journal) -> Address? {
        guard case .address(let address, let normalized) = layout.identity(of: userID), pair.contains(address) else { return nil }
        if normalized { journal.add(.identifierNormalized, detail: userID) }
        return address
    }
}

/// Collects journal entries of one room, each rule/event combination once.
struct Journal {
    let roomID: String
    var pair: String?
    private(set) var entries: [JournalEntry] = []

    init(roomID: String) { self.roomID = roomID }

    mutating func add(_ rule: ConflictRule, eventIDs: [String] = [], detail: String? = nil) {
        let entry = JournalEntry(rule, roomID: roomID, eventIDs: eventIDs, pair: pair, detail: detail)
        if !entries.contains(where: { $0.rule == rule && $0.eventIDs == eventIDs && $0.detail == detail }) {
            entries.append(entry)
        }
    }
}
