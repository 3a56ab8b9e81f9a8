/// What a `migrate` run did (or, dry, would do); encoded as the `--report` JSON.
public struct MigrationReport: Sendable, Codable, Equatable {
    /// A room or pair left out, with why.
    public struct Skipped: Sendable, Codable, Equatable {
        public var id: String
        public var reason: String
    }

    public var dryRun = false
    public var resumed = false
    public var mapping = ""
    public var serverName = ""
    /// The run's start (ms), also `blocked_at` of the blocks it imported.
    public var runStartedAt: Int64 = 0
    public var usersTotal = 0
    /// Users that are not wallet addresses (admins, bots, guests, other servers): never pair members.
    public var usersSkippedNonAddress = 0
    public var usersAccountDataUnreadable = 0
    public var roomsListed = 0
    /// Rooms found only in `m.direct`.
    public var roomsDiscoveredViaMDirect = 0
    /// Rooms found only by the final rescan of the room list.
    public var roomsFoundByRescan = 0
    public var roomsStateRead = 0
    public var roomsHistoryRead = 0
    public var roomsWithCandidate = 0
    public var pairsTotal = 0
    /// Pairs with new rows or actions (written, or in a dry run: would be written).
    public var pairsWritten = 0
    public var pairsUnchanged = 0
    /// Pairs where a re-run rule kept the new side (`new_side_newer`, `blocked_pair`, `bridge_echo`).
    public var pairsKept = 0
    /// Pairs by their newest action after the run (`request`, `accept`, …, `block`).
    public var statusCounts: [String: Int] = [:]
    public var blocksInFile = 0
    public var blocksWritten = 0
    public var blocksUnchanged = 0
    public var blocksKept = 0
    public var friendshipRowsWritten = 0
    public var actionsWritten = 0
    public var conflictsByRule: [String: Int] = [:]
    /// Rooms that yielded no pair or could not be read, with the rule or error.
    public var skippedRooms: [Skipped] = []
    /// Pairs whose legacy candidate was not applied, with the rule.
    public var skippedPairs: [Skipped] = []
    /// Seconds per phase (`users`, `rooms`, `account_data`, `rooms_state`, `rescan`, `reconcile`, `write_pairs`, `blocks`).
    public var timings: [String: Double] = [:]
    public var httpRequests = 0
    public var httpRetries = 0
    /// Every journal entry of the run.
    public var conflicts: [JournalEntry] = []

    public init() {}

    /// Whether some rooms could not be read (the run finished, but partially).
    public var isPartial: Bool { skippedRooms.contains { $0.reason.hasPrefix("read failed") } }

    mutating func record(_ entries: [JournalEntry]) {
        for entry in entries { conflictsByRule[entry.rule.rawValue, default: 0] += 1 }
        conflicts.append(contentsOf: entries)
    }
}
