import SocialDomain
import SocialStore

/// What the store knows about one pair beyond its export view, looked up only for pairs whose two sides
/// differ (so a diff that finds little reads little more than the pages).
public struct PairFacts: Sendable, Hashable {
    /// Journaled findings about the pair under `ExpectedReason.journaledRules`, oldest first.
    public var journal: [JournalEntry]
    /// The store's oldest action of the pair (the row's creation, as far as the log tells).
    public var oldestAction: StoredAction?
    /// Whether the store holds a blocks row between the two, either way.
    public var blockedInStore: Bool
    /// Whether the pair has actions waiting in the mirror outbox.
    public var mirrorPending: Bool

    /// Facts; the defaults say "nothing known".
    public init(journal: [JournalEntry] = [], oldestAction: StoredAction? = nil, blockedInStore: Bool = false, mirrorPending: Bool = false) {
        self.journal = journal
        self.oldestAction = oldestAction
        self.blockedInStore = blockedInStore
        self.mirrorPending = mirrorPending
    }
}

/// Compares the legacy view of a pair (or block) with the store's and classifies the difference: pure, so
/// every kind and every expected reason is tested on values.
///
/// A pair's difference is expected, in this order of precedence, when a journaled decision names the
/// current legacy winner's event (`new_side_newer`, `blocked_pair`, `bridge_echo`), or, for a block-decided
/// legacy view, an imported block of the pair was journaled as removed on the new side (`new_side_newer`);
/// when the pair has mirror writes pending (`mirror_pending`); when blocks are not compared and the store
/// holds a block for the pair (`blocks_not_compared`). A requester that differs only because the store's row
/// predates the legacy winner (`requester_kept`) is not a difference; a pair differing by that alone is
/// listed as expected with that reason. Anything else is drift.
public struct DiffComparator: Sendable {
    /// Whether profile blocks are compared (`--blocks`).
    public var comparesBlocks: Bool

    /// A comparator.
    public init(comparesBlocks: Bool) { self.comparesBlocks = comparesBlocks }

    /// The fields whose values differ, in `DiffField` order.
    public static func differingFields(_ legacy: LegacyPairView, _ new: StoreSnapshot.Pair) -> [DiffField] {
        var fields: [DiffField] = []
        if legacy.status != new.status { fields.append(.status) }
        if legacy.requester != new.requester { fields.append(.requester) }
        if legacy.actingUser != new.actingUser { fields.append(.actingUser) }
        if legacy.active != new.active { fields.append(.active) }
        if legacy.message != new.message { fields.append(.message) }
        return fields
    }

    /// Whether the pair needs its facts looked up (the two sides do not agree as they stand).
    public static func disagree(_ legacy: LegacyPairView?, _ new: StoreSnapshot.Pair?) -> Bool {
        guard let legacy, let new else { return legacy != nil || new != nil }
        return !differingFields(legacy, new).isEmpty
    }

    /// The pair's difference, or `nil` when the two sides agree.
    /// - Parameters:
    ///   - legacy: the legacy view, if the legacy side derives the pair.
    ///   - new: the store's view, if it has a row.
    ///   - facts: what else the store knows about the pair.
    public func classify(legacy: LegacyPairView?, new: StoreSnapshot.Pair?, facts: PairFacts) -> PairDifference? {
        switch (legacy, new) {
        case (nil, nil):
            return nil
        case (let legacy?, nil):
            let reason = journaledReason(legacy, facts) ?? pendingReason(facts)
                ?? (!comparesBlocks && facts.blockedInStore ? .blocksNotCompared : nil)
            return PairDifference(kind: .missingNew, users: legacy.users, legacy: legacy, new: nil, reason: reason)
        case (nil, let new?):
            return PairDifference(kind: .missingLegacy, users: new.users, legacy: nil, new: new, reason: pendingReason(facts))
        case (let legacy?, let new?):
            var fields = Self.differingFields(legacy, new)
            guard !fields.isEmpty else { return nil }
            if fields.contains(.requester) && Self.requesterKept(legacy, new, oldest: facts.oldestAction) {
                fields.removeAll { $0 == .requester }
                if fields.isEmpty {
                    return PairDifference(kind: .differs, users: legacy.users, fields: [.requester], legacy: legacy, new: new,
                                          reason: .requesterKept)
                }
            }
            let reason = journaledReason(legacy, facts) ?? pendingReason(facts)
                ?? (!comparesBlocks && (new.status == .block || facts.blockedInStore) ? .blocksNotCompared : nil)
            return PairDifference(kind: .differs, users: legacy.users, fields: fields, legacy: legacy, new: new, reason: reason)
        }
    }

    /// The block's difference, or `nil` when both sides hold it or neither does.
    /// - Parameters:
    ///   - block: the block.
    ///   - inLegacy: whether the profiles file (in scope) holds it.
    ///   - inStore: whether the store has the blocks row.
    ///   - facts: what the store knows about the block's pair (its journal and pending mirror writes).
    public func classify(block: ProfileBlocks.Block, inLegacy: Bool, inStore: Bool, facts: PairFacts) -> BlockDifference? {
        switch (inLegacy, inStore) {
        case (true, false):
            let removed = facts.journal.contains { $0.rule == .newSideNewer && $0.detail == block.removedOnNewSideDetail }
            return BlockDifference(kind: .blockMissingNew, block: block, reason: removed ? .newSideNewer : pendingReason(facts))
        case (false, true):
            return BlockDifference(kind: .blockMissingLegacy, block: block, reason: pendingReason(facts))
        default:
            return nil
        }
    }

    /// A journaled decision about the legacy winner's event, or the removal of a block that decides the legacy view.
    private func journaledReason(_ legacy: LegacyPairView, _ facts: PairFacts) -> ExpectedReason? {
        for entry in facts.journal where entry.eventIDs.contains(legacy.eventID) {
            if let reason = ExpectedReason(rule: entry.rule) { return reason }
        }
        guard legacy.decidingBlock != nil else { return nil }
        let removals = [ProfileBlocks.Block(blocker: legacy.users.lo, blocked: legacy.users.hi),
                        ProfileBlocks.Block(blocker: legacy.users.hi, blocked: legacy.users.lo)].map(\.removedOnNewSideDetail)
        let removed = facts.journal.contains { $0.rule == .newSideNewer && $0.eventIDs.isEmpty && removals.contains($0.detail ?? "") }
        return removed ? .newSideNewer : nil
    }

    private func pendingReason(_ facts: PairFacts) -> ExpectedReason? { facts.mirrorPending ? .mirrorPending : nil }

    /// Whether the store's requester is the one its row was created with, by an action older than the legacy winner.
    ///
    /// The oldest action must predate the winner (and not be the winner itself), and the stored requester must
    /// be one that action could have created the row with (legacy-matrix §4.2 step 8; a new-side row is always
    /// created by a request of its requester), so a tampered `address_requester` still shows as drift.
    static func requesterKept(_ legacy: LegacyPairView, _ new: StoreSnapshot.Pair, oldest: StoredAction?) -> Bool {
        guard let oldest, oldest.timestamp < legacy.updatedAt, oldest.id != BridgeIDs.action(eventID: legacy.eventID) else {
            return false
        }
        let pair = legacy.users
        let other = pair.other(than: oldest.actingUser) ?? oldest.actingUser
        switch oldest.action {
        case .request, .cancel, .block: return new.requester == oldest.actingUser
        case .accept, .reject: return new.requester == other
        case .delete: return pair.contains(new.requester)
        }
    }
}
