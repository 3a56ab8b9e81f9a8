import SocialDomain

/// Steps 6–7 of §4.2: the `""` history H of a room and Derive(k) over it.
struct HistoryWalk {
    /// What precedes an event of H.
    enum Predecessor: Equatable {
        case none
        case unknown
        case event(FriendshipAction, by: Address, ClientEvent)
    }

    /// Derive(k)'s result: the action (after conversions), who acted, and the chosen event with its predecessor.
    struct Outcome {
        var action: FriendshipAction
        var actor: Address
        var event: ClientEvent
        var predecessor: Predecessor
    }

    /// H after step 6: the read history, or [E] when it was unavailable or discarded.
    let events: [ClientEvent]
    /// Whether the history was read and did not end with E.
    let discarded: Bool
    /// Why h1's predecessor is unknown (`nil` when it is *none*).
    private let unknownStart: String?
    private let layout: LegacyLayout
    private let pair: AddressPair
    private let room: RoomSnapshot

    init(current: ClientEvent, room: RoomSnapshot, layout: LegacyLayout, pair: AddressPair) {
        self.layout = layout
        self.pair = pair
        self.room = room
        switch room.history {
        case .unavailable:
            events = [current]
            discarded = false
            unknownStart = "history unavailable"
        case .read(let read, let complete):
            let shared = read.filter { $0.type == layout.mapping.eventType && $0.stateKey == layout.mapping.sharedStateKey }
            if let last = shared.last, last.eventID == current.eventID {
                events = shared
                discarded = false
                unknownStart = complete ? nil : "history incomplete"
            } else {
                events = [current]
                discarded = true
                unknownStart = "history discarded"
            }
        }
    }

    /// Journals `timestamp_regression` for every event of H older than an event before it (timeline order stands).
    func checkTimestamps(journal: inout Journal) {
        guard var newest = events.first else { return }
        for event in events.dropFirst() {
            if event.originServerTS < newest.originServerTS {
                journal.add(.timestampRegression, eventIDs: [newest.eventID, event.eventID])
            } else {
                newest = event
            }
        }
    }

    /// The predecessor of `events[index]` (step 6).
    func predecessor(of index: Int, journal: inout Journal) -> Predecessor {
        guard index > 0 else {
            if let unknownStart {
                journal.add(.historyUnavailable, eventIDs: [events[0].eventID], detail: unknownStart)
                return .unknown
            }
            return .none
        }
        let previous = events[index - 1]
        guard let sender = layout.identity(of: previous.sender).address, pair.contains(sender),
              let action = layout.mapping.action(of: previous.content) else {
            journal.add(.invalidFriendshipContent, eventIDs: [previous.eventID])
            return .unknown
        }
        return .event(action, by: sender, previous)
    }

    /// Derive(k) for `k = index + 1`; `nil` when the room yields nothing.
    func derive(index: Int, journal: inout Journal) -> Outcome? {
        guard events.indices.contains(index) else { return nil }
        let event = events[index]
        guard let actor = layout.identity(of: event.sender).address, pair.contains(actor),
              let other = pair.other(than: actor),
              let action = layout.mapping.action(of: event.content) else {
            // Unreachable for the last event (step 5) and for recursion targets (a bad predecessor is *unknown*).
            journal.add(.invalidFriendshipContent, eventIDs: [event.eventID])
            return nil
        }
        let isLast = index == events.count - 1
        let p = predecessor(of: index, journal: &journal)
        let ids = [event.eventID] + (p.eventID.map { [$0] } ?? [])
        func outcome(_ result: FriendshipAction) -> Outcome { Outcome(action: result, actor: actor, event: event, predecessor: p) }

        switch action {
        case .request:
            if p.isRequest(by: other) { journal.add(.crossedRequests, eventIDs: ids) }
            if p.isRequest(by: actor) || p.isAccept { journal.add(.invalidTransition, eventIDs: ids) }
            return outcome(.request)
        case .accept:
            if p == .unknown {
                if isLast && !legacyCheckPasses(requester: other) { journal.add(.consentUnverified, eventIDs: ids) }
                return outcome(.accept)
            }
            if p.isRequest(by: other) {
                if isLast && !legacyCheckPasses(requester: other) { journal.add(.consentCheckStale, eventIDs: ids) }
                return outcome(.accept)
            }
            if p.isAccept {
                journal.add(.duplicateAccept, eventIDs: ids)
                return outcome(.accept)
            }
            journal.add(.acceptWithoutRequest, eventIDs: ids)
            if p == .none { return nil }
            return derive(index: index - 1, journal: &journal)
        case .cancel:
            if p.isRequest(by: other) {
                journal.add(.cancelByReceiver, eventIDs: ids)
                return outcome(.reject)
            }
            if !(p.isRequest(by: actor) || p == .unknown) { journal.add(.invalidTransition, eventIDs: ids) }
            return outcome(.cancel)
        case .reject:
            if p.isRequest(by: actor) {
                journal.add(.rejectBySender, eventIDs: ids)
                return outcome(.cancel)
            }
            if !(p.isRequest(by: other) || p == .unknown) { journal.add(.invalidTransition, eventIDs: ids) }
            return outcome(.reject)
        case .delete:
            if p != .unknown && !p.isAccept { journal.add(.invalidTransition, eventIDs: ids) }
            return outcome(.delete)
        case .block:
            // A mapping never yields block (Mapping.parse refuses it); treat it as unknown content.
            journal.add(.invalidFriendshipContent, eventIDs: [event.eventID])
            return nil
        }
    }

    /// The legacy client's consent check (§4.5): the requester's per-user state exists, was sent by
    /// them and is a request. Layouts without per-user keys had no such check: it passes.
    private func legacyCheckPasses(requester: Address) -> Bool {
        let mapping = layout.mapping
        guard mapping.hasPerUserStateKeys else { return true }
        return room.friendshipEvents.contains { state in
            guard let key = state.stateKey, key != mapping.sharedStateKey, state.sender == key else { return false }
            return layout.identity(of: key).address == requester && mapping.action(of: state.content) == .request
        }
    }
}

extension HistoryWalk.Predecessor {
    func isRequest(by address: Address) -> Bool {
        if case .event(.request, let by, _) = self { return by == address }
        return false
    }

    var isAccept: Bool {
        if case .event(.accept, _, _) = self { return true }
        return false
    }

    var eventID: String? {
        if case .event(_, _, let event) = self { return event.eventID }
        return nil
    }
}
