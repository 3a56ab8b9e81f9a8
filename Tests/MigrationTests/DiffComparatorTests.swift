import Migration
import SocialDomain
import SocialStore
import Testing

/// The comparator on values: every kind, every expected reason, and what must stay drift.
@Suite struct DiffComparatorTests {
    static let a = Legacy.addr(Legacy.a), b = Legacy.addr(Legacy.b), c = Legacy.addr(Legacy.c)
    static let ab = AddressPair(a, b)!
    let comparator = DiffComparator(comparesBlocks: true)
    let withoutBlocks = DiffComparator(comparesBlocks: false)

    /// A decision whose winner is `action` by `actor` in room `!r` with event `event`.
    static func decision(_ action: FriendshipAction, by actor: Address, requester: Address, message: String? = nil,
                         at timestamp: Int64 = 5_000, event: String = "$win") -> PairDecision {
        let winner = Candidate(pair: ab, action: action, actingUser: actor, requester: requester, message: message,
                               timestamp: timestamp, eventID: event, roomID: "!r:decentraland.org", roomCreatedAt: 1_000,
                               hasCanonicalAlias: true, bridgeActionID: nil)
        return PairDecision(winner: winner, roomIDs: [winner.roomID], journal: [])
    }

    static func legacy(_ action: FriendshipAction, by actor: Address, requester: Address, message: String? = nil,
                       at timestamp: Int64 = 5_000, blocks: [ProfileBlocks.Block] = []) -> LegacyPairView {
        LegacyPairView(decision(action, by: actor, requester: requester, message: message, at: timestamp), blocks: blocks)
    }

    static func stored(_ action: FriendshipAction?, by actor: Address?, requester: Address, active: Bool? = nil,
                       message: String? = nil, at timestamp: Int64 = 5_000, id: String = "act") -> StoreSnapshot.Pair {
        StoreSnapshot.Pair(users: ab, requester: requester, status: action, actingUser: actor,
                           active: active ?? (action == .accept), message: message, updatedAt: timestamp, actionID: id)
    }

    static func journaled(_ rule: ConflictRule, events: [String] = ["$win"], detail: String? = nil) -> JournalEntry {
        JournalEntry(rule, roomID: "!r:decentraland.org", eventIDs: events, pair: ab.description, detail: detail)
    }

    // MARK: Kinds

    @Test("agreeing sides give no entry; timestamps and ids are not compared")
    func agree() {
        let legacy = Self.legacy(.accept, by: Self.b, requester: Self.a, at: 5_000)
        let new = Self.stored(.accept, by: Self.b, requester: Self.a, at: 9_999, id: "other")
        #expect(!DiffComparator.disagree(legacy, new))
        #expect(comparator.classify(legacy: legacy, new: new, facts: PairFacts()) == nil)
        #expect(comparator.classify(legacy: nil, new: nil, facts: PairFacts()) == nil)
    }

    @Test("missing_new: legacy derives the pair, the store has none")
    func missingNew() {
        let legacy = Self.legacy(.request, by: Self.a, requester: Self.a, message: "hi")
        let entry = comparator.classify(legacy: legacy, new: nil, facts: PairFacts())
        #expect(entry == PairDifference(kind: .missingNew, users: Self.ab, legacy: legacy, new: nil))
        #expect(entry?.reason == nil && entry?.fields == [])
    }

    @Test("missing_legacy: the store has a pair the legacy side does not derive")
    func missingLegacy() {
        let new = Self.stored(.request, by: Self.a, requester: Self.a)
        #expect(comparator.classify(legacy: nil, new: new, facts: PairFacts())
                == PairDifference(kind: .missingLegacy, users: Self.ab, legacy: nil, new: new))
    }

    @Test("differs names exactly the fields that differ", arguments: [
        (FriendshipAction.accept, "b", "a", true, nil as String?, [DiffField]()),
        (.delete, "b", "a", false, nil, [.status, .active]),
        (.accept, "a", "a", true, nil, [.actingUser]),
        (.accept, "b", "b", true, nil, [.requester]),
        (.accept, "b", "a", false, nil, [.active]),
        (.request, "a", "a", false, "hello", [.status, .actingUser, .active, .message]),
    ])
    func fields(action: FriendshipAction, actor: String, requester: String, active: Bool, message: String?, expected: [DiffField]) {
        let who: [String: Address] = ["a": Self.a, "b": Self.b]
        let legacy = Self.legacy(.accept, by: Self.b, requester: Self.a)
        let new = Self.stored(action, by: who[actor], requester: who[requester]!, active: active, message: message)
        #expect(DiffComparator.differingFields(legacy, new) == expected)
        let entry = comparator.classify(legacy: legacy, new: new, facts: PairFacts())
        #expect(entry?.fields == (expected.isEmpty ? nil : expected))
        #expect(entry.map { $0.kind == .differs && $0.reason == nil } ?? expected.isEmpty)
    }

    @Test("a message differs only when the texts do; a store row without actions differs in status")
    func messagesAndEmptyRows() {
        let legacy = Self.legacy(.request, by: Self.a, requester: Self.a, message: "hi")
        #expect(DiffComparator.differingFields(legacy, Self.stored(.request, by: Self.a, requester: Self.a, message: "hi")) == [])
        #expect(DiffComparator.differingFields(legacy, Self.stored(.request, by: Self.a, requester: Self.a, message: nil)) == [.message])
        #expect(DiffComparator.differingFields(legacy, Self.stored(nil, by: nil, requester: Self.a)) == [.status, .actingUser, .message])
    }

    // MARK: Journaled reasons

    @Test("a journaled decision about the winner's event makes the difference expected, with the rule as reason",
          arguments: [(ConflictRule.newSideNewer, ExpectedReason.newSideNewer), (.blockedPair, .blockedPair), (.bridgeEcho, .bridgeEcho)])
    func journaledRules(rule: ConflictRule, reason: ExpectedReason) {
        let legacy = Self.legacy(.request, by: Self.a, requester: Self.a)
        let new = Self.stored(.accept, by: Self.b, requester: Self.a)
        let entry = comparator.classify(legacy: legacy, new: new, facts: PairFacts(journal: [Self.journaled(rule)]))
        #expect(entry?.kind == .differs && entry?.reason == reason && entry?.fields == [.status, .actingUser, .active])
        // A missing pair is explained the same way (blocked_pair: the row was never created).
        #expect(comparator.classify(legacy: legacy, new: nil, facts: PairFacts(journal: [Self.journaled(rule)]))?.reason == reason)
    }

    @Test("a journal entry about another (older) event, or another rule, explains nothing")
    func staleJournal() {
        let legacy = Self.legacy(.request, by: Self.a, requester: Self.a)
        let new = Self.stored(.accept, by: Self.b, requester: Self.a)
        for entry in [Self.journaled(.newSideNewer, events: ["$older"]), Self.journaled(.duplicateRooms), Self.journaled(.crossedRequests)] {
            #expect(comparator.classify(legacy: legacy, new: new, facts: PairFacts(journal: [entry]))?.reason == nil)
        }
        #expect(comparator.classify(legacy: nil, new: new, facts: PairFacts(journal: [Self.journaled(.newSideNewer)]))?.reason == nil)
    }

    // MARK: mirror_pending

    @Test("pending mirror writes make differs and missing_legacy expected; a journaled rule takes precedence")
    func mirrorPending() {
        let legacy = Self.legacy(.request, by: Self.a, requester: Self.a)
        let new = Self.stored(.accept, by: Self.b, requester: Self.a)
        let pending = PairFacts(mirrorPending: true)
        #expect(comparator.classify(legacy: legacy, new: new, facts: pending)?.reason == .mirrorPending)
        #expect(comparator.classify(legacy: nil, new: new, facts: pending)?.reason == .mirrorPending)
        var both = pending
        both.journal = [Self.journaled(.newSideNewer)]
        #expect(comparator.classify(legacy: legacy, new: new, facts: both)?.reason == .newSideNewer)
    }

    // MARK: requester_kept

    @Test("requester_kept: the row was created by an older action whose requester it kept")
    func requesterKept() {
        // Cycle 1: a requested (row requester a) ... deleted; cycle 2: b requests, legacy step 8 says b.
        let legacy = Self.legacy(.request, by: Self.b, requester: Self.b, at: 5_000)
        let new = Self.stored(.request, by: Self.b, requester: Self.a)
        let oldest = StoredAction(id: "first", action: .request, actingUser: Self.a, timestamp: 1_000, imported: true)
        let entry = comparator.classify(legacy: legacy, new: new, facts: PairFacts(oldestAction: oldest))
        #expect(entry == PairDifference(kind: .differs, users: Self.ab, fields: [.requester], legacy: legacy, new: new, reason: .requesterKept))
        // An accept or reject creating the row names the other member; a delete either.
        let accept = StoredAction(id: "first", action: .accept, actingUser: Self.b, timestamp: 1_000, imported: true)
        #expect(comparator.classify(legacy: legacy, new: new, facts: PairFacts(oldestAction: accept))?.reason == .requesterKept)
        let delete = StoredAction(id: "first", action: .delete, actingUser: Self.b, timestamp: 1_000, imported: true)
        #expect(comparator.classify(legacy: legacy, new: new, facts: PairFacts(oldestAction: delete))?.reason == .requesterKept)
    }

    @Test("a requester that no older action explains is drift")
    func requesterDrift() {
        let legacy = Self.legacy(.request, by: Self.b, requester: Self.b, at: 5_000)
        let new = Self.stored(.request, by: Self.b, requester: Self.a)
        let cases: [StoredAction?] = [
            nil,
            // The winner itself created the row: its requester had to be the legacy one.
            StoredAction(id: BridgeIDs.action(eventID: "$win"), action: .request, actingUser: Self.a, timestamp: 1_000, imported: true),
            // Not older than the winner.
            StoredAction(id: "first", action: .request, actingUser: Self.a, timestamp: 5_000, imported: false),
            // A request by b cannot have created a row with requester a (a tampered address_requester).
            StoredAction(id: "first", action: .request, actingUser: Self.b, timestamp: 1_000, imported: true),
        ]
        for oldest in cases {
            let entry = comparator.classify(legacy: legacy, new: new, facts: PairFacts(oldestAction: oldest))
            #expect(entry?.reason == nil && entry?.fields == [.requester], "\(String(describing: oldest))")
        }
    }

    @Test("a kept requester is not listed among the fields of other differences")
    func keptRequesterWithOtherDifferences() {
        let legacy = Self.legacy(.request, by: Self.b, requester: Self.b, at: 5_000)
        let new = Self.stored(.accept, by: Self.a, requester: Self.a)
        let oldest = StoredAction(id: "first", action: .request, actingUser: Self.a, timestamp: 1_000, imported: true)
        let drift = comparator.classify(legacy: legacy, new: new, facts: PairFacts(oldestAction: oldest))
        #expect(drift?.reason == nil && drift?.fields == [.status, .actingUser, .active])
        let expected = comparator.classify(legacy: legacy, new: new, facts: PairFacts(journal: [Self.journaled(.newSideNewer)], oldestAction: oldest))
        #expect(expected?.reason == .newSideNewer && expected?.fields == [.status, .actingUser, .active])
    }

    // MARK: Blocks on the pair

    @Test("the §7.3 mapping on the legacy side: a block in force makes the pair block by the blocker, inactive")
    func blockMapping() {
        let mine = ProfileBlocks.Block(blocker: Self.a, blocked: Self.b)
        let view = Self.legacy(.request, by: Self.a, requester: Self.a, message: "hi", blocks: [mine])
        #expect(view.status == .block && view.actingUser == Self.a && !view.active && view.message == nil)
        #expect(view.requester == Self.a && view.eventID == "$win" && view.decidingBlock == mine)
        // Mutual blocks: the later in (blocked_at, blocker, blocked) order decides, i.e. the greater blocker.
        let reverse = ProfileBlocks.Block(blocker: Self.b, blocked: Self.a)
        let mutual = Self.legacy(.accept, by: Self.b, requester: Self.a, blocks: [reverse, mine])
        #expect(mutual.status == .block && mutual.actingUser == Self.b && mutual.decidingBlock == reverse)
        // Blocks of other pairs do not apply.
        let other = Self.legacy(.accept, by: Self.b, requester: Self.a, blocks: [ProfileBlocks.Block(blocker: Self.a, blocked: Self.c)])
        #expect(other.status == .accept && other.active && other.decidingBlock == nil)
        // The store after migrate --blocks agrees.
        let new = Self.stored(.block, by: Self.a, requester: Self.a)
        #expect(comparator.classify(legacy: view, new: new, facts: PairFacts()) == nil)
    }

    @Test("an imported block removed on the new side (journaled) explains a block-decided pair")
    func removedBlockExplainsPair() {
        let block = ProfileBlocks.Block(blocker: Self.a, blocked: Self.b)
        let view = Self.legacy(.accept, by: Self.b, requester: Self.a, blocks: [block])
        let unblocked = Self.stored(.delete, by: Self.a, requester: Self.a)
        let removal = JournalEntry(.newSideNewer, pair: Self.ab.description, detail: block.removedOnNewSideDetail)
        #expect(comparator.classify(legacy: view, new: unblocked, facts: PairFacts(journal: [removal]))?.reason == .newSideNewer)
        #expect(comparator.classify(legacy: view, new: unblocked, facts: PairFacts())?.reason == nil)
        // Without a block in force the same journal entry explains nothing.
        let plain = Self.legacy(.accept, by: Self.b, requester: Self.a)
        #expect(comparator.classify(legacy: plain, new: unblocked, facts: PairFacts(journal: [removal]))?.reason == nil)
    }

    @Test("blocks_not_compared: without --blocks a pair the store blocks cannot be judged from Matrix")
    func blocksNotCompared() {
        let legacy = Self.legacy(.accept, by: Self.b, requester: Self.a)
        let blocked = Self.stored(.block, by: Self.a, requester: Self.a)
        #expect(withoutBlocks.classify(legacy: legacy, new: blocked, facts: PairFacts())?.reason == .blocksNotCompared)
        // A blocks row still in force under a newer action (mutual blocks, one lifted).
        let deleted = Self.stored(.delete, by: Self.a, requester: Self.a)
        #expect(withoutBlocks.classify(legacy: legacy, new: deleted, facts: PairFacts(blockedInStore: true))?.reason == .blocksNotCompared)
        #expect(withoutBlocks.classify(legacy: legacy, new: nil, facts: PairFacts(blockedInStore: true))?.reason == .blocksNotCompared)
        // No block: drift. With --blocks the profiles decide: drift.
        #expect(withoutBlocks.classify(legacy: legacy, new: deleted, facts: PairFacts())?.reason == nil)
        #expect(comparator.classify(legacy: legacy, new: blocked, facts: PairFacts(blockedInStore: true))?.reason == nil)
        #expect(comparator.classify(legacy: legacy, new: nil, facts: PairFacts(blockedInStore: true))?.reason == nil)
        // The legacy side never says block without --blocks; a store-only pair is never explained by a block.
        #expect(withoutBlocks.classify(legacy: nil, new: blocked, facts: PairFacts(blockedInStore: true))?.reason == nil)
    }

    // MARK: Blocks rows

    @Test("block_missing_new and block_missing_legacy, and what explains them")
    func blockRows() {
        let block = ProfileBlocks.Block(blocker: Self.a, blocked: Self.b)
        #expect(comparator.classify(block: block, inLegacy: true, inStore: true, facts: PairFacts()) == nil)
        #expect(comparator.classify(block: block, inLegacy: false, inStore: false, facts: PairFacts()) == nil)
        #expect(comparator.classify(block: block, inLegacy: true, inStore: false, facts: PairFacts())
                == BlockDifference(kind: .blockMissingNew, block: block))
        #expect(comparator.classify(block: block, inLegacy: false, inStore: true, facts: PairFacts())
                == BlockDifference(kind: .blockMissingLegacy, block: block))
        let removal = JournalEntry(.newSideNewer, pair: Self.ab.description, detail: block.removedOnNewSideDetail)
        #expect(comparator.classify(block: block, inLegacy: true, inStore: false, facts: PairFacts(journal: [removal]))?.reason == .newSideNewer)
        // The removal of the reverse block explains nothing about this one.
        let reverse = ProfileBlocks.Block(blocker: Self.b, blocked: Self.a)
        #expect(comparator.classify(block: reverse, inLegacy: true, inStore: false, facts: PairFacts(journal: [removal]))?.reason == nil)
        #expect(comparator.classify(block: block, inLegacy: false, inStore: true, facts: PairFacts(mirrorPending: true))?.reason == .mirrorPending)
        #expect(comparator.classify(block: block, inLegacy: true, inStore: false, facts: PairFacts(mirrorPending: true))?.reason == .mirrorPending)
    }

    // MARK: Report

    @Test("JSON: fixed key order, reason only on expected entries, counts equal the lists")
    func reportJSON() {
        var report = DiffReport()
        report.pairsCompared = 3
        report.blocksCompared = 1
        let legacy = Self.legacy(.request, by: Self.a, requester: Self.a, message: "say \"hi\"")
        let new = Self.stored(.accept, by: Self.b, requester: Self.a, at: 6_000, id: "u-1")
        report.drift = [.pair(PairDifference(kind: .differs, users: Self.ab, fields: [.status, .actingUser, .active, .message],
                                             legacy: legacy, new: new)),
                        .block(BlockDifference(kind: .blockMissingLegacy, block: .init(blocker: Self.a, blocked: Self.c)))]
        report.expected = [.pair(PairDifference(kind: .missingLegacy, users: Self.ab, legacy: nil, new: new, reason: .mirrorPending))]
        let a = Legacy.a, b = Legacy.b, c = Legacy.c
        #expect(report.json() == """
            {
              "summary": {"pairs_compared":3,"blocks_compared":1,"drift":2,"expected":1},
              "drift": [
                {"kind":"differs","users":["\(a)","\(b)"],"fields":["status","acting_user","active","message"],"legacy":{"status":"request","requester":"\(a)","acting_user":"\(a)","active":false,"message":"say \\"hi\\"","updated_at":5000,"room_id":"!r:decentraland.org","event_id":"$win"},"new":{"status":"accept","requester":"\(a)","acting_user":"\(b)","active":true,"message":null,"updated_at":6000,"action_id":"u-1"}},
                {"kind":"block_missing_legacy","blocker":"\(a)","blocked":"\(c)"}
              ],
              "expected": [
                {"kind":"missing_legacy","reason":"mirror_pending","users":["\(a)","\(b)"],"fields":[],"legacy":null,"new":{"status":"accept","requester":"\(a)","acting_user":"\(b)","active":true,"message":null,"updated_at":6000,"action_id":"u-1"}}
              ]
            }

            """)
        #expect(DiffReport().json() == "{\n  \"summary\": {\"pairs_compared\":0,\"blocks_compared\":0,\"drift\":0,\"expected\":0},\n  \"drift\": [],\n  \"expected\": []\n}\n")
    }
}
