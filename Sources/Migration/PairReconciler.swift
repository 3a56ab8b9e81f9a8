import SocialDomain

/// The outcome for one pair across all its rooms (§4.4).
public struct PairDecision: Sendable, Hashable {
    /// The winning candidate.
    public var winner: Candidate
    /// Every room that produced a candidate, winner first.
    public var roomIDs: [String]
    /// `duplicate_rooms` / `crossed_requests_two_rooms`, when more than one room competed.
    public var journal: [JournalEntry]

    /// A decision value (the reconciler makes them; tests and tools may too).
    public init(winner: Candidate, roomIDs: [String], journal: [JournalEntry]) {
        self.winner = winner
        self.roomIDs = roomIDs
        self.journal = journal
    }
}

/// Groups room candidates by pair and picks each pair's winner (§4.4).
public struct PairReconciler: Sendable {
    private let layout: LegacyLayout

    public init(layout: LegacyLayout) { self.layout = layout }

    /// The decisions, one per pair that has at least one candidate, in pair order.
    public func reconcile(_ candidates: [Candidate]) -> [PairDecision] {
        let grouped = Dictionary(grouping: candidates, by: \.pair)
        return grouped.keys.sorted().compactMap { pair in
            guard let group = grouped[pair] else { return nil }
            return decide(group)
        }
    }

    /// Greatest timestamp, then the room with the pair's exact canonical alias, then the smallest room id (bytes).
    static func ranksBefore(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        if a.hasCanonicalAlias != b.hasCanonicalAlias { return a.hasCanonicalAlias }
        return Array(a.roomID.utf8).lexicographicallyPrecedes(Array(b.roomID.utf8))
    }

    private func decide(_ group: [Candidate]) -> PairDecision? {
        let ranked = group.sorted(by: Self.ranksBefore)
        guard let winner = ranked.first else { return nil }
        var journal: [JournalEntry] = []
        if ranked.count > 1 {
            let losers = ranked.dropFirst()
            let crossed = winner.action == .request && losers.contains { loser in
                loser.action == .request && loser.actingUser != winner.actingUser
            }
            journal.append(JournalEntry(
                crossed ? .crossedRequestsTwoRooms : .duplicateRooms, roomID: winner.roomID,
                eventIDs: ranked.map(\.eventID), pair: winner.pair.description,
                detail: "rooms " + ranked.map(\.roomID).joined(separator: ",")))
        }
        return PairDecision(winner: winner, roomIDs: ranked.map(\.roomID), journal: journal)
    }
}
