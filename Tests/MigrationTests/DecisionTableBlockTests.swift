import Foundation
import Migration
import SocialDomain
import Testing

/// Decision table rows #31–#37 (legacy-matrix §7): profile blocks.
@Suite struct DecisionTableBlockTests {
    typealias L = Legacy
    let ua = Legacy.user(Legacy.a)
    let ub = Legacy.user(Legacy.b)
    let blockedAt: Int64 = 10_000

    func blocks(_ json: String) throws -> ProfileBlocks {
        try ProfileBlocks.parse(Data(json.utf8), layout: try L.layout())
    }

    /// Imports the room's pair (request by A at 2000 unless given) and then the file's blocks, as `migrate` orders them.
    func run(blocksJSON: String, friendship: Bool, requestTS: Int64 = 2_000) async throws -> (InMemoryStore, MigrationBatch) {
        let store = InMemoryStore()
        var planner = ImportPlanner(store: store)
        var batch = MigrationBatch()
        if friendship {
            let request = L.friendship("$h1", by: ua, content: L.action("request"), ts: requestTS)
            let derivation = try L.derive(state: L.dmState() + [request], history: [request])
            let candidate = try #require(derivation.candidate)
            let decision = try #require(PairReconciler(layout: try L.layout()).reconcile([candidate]).first)
            _ = try await planner.plan(decision, into: &batch)
        }
        let parsed = try blocks(blocksJSON)
        let set = Set(parsed.blocks)
        for block in parsed.blocks {
            let mutual = set.contains(.init(blocker: block.blocked, blocked: block.blocker))
            _ = try await planner.plan(block, blockedAt: blockedAt, mutual: mutual, into: &batch)
        }
        batch.conflicts.append(contentsOf: parsed.journal)
        try await store.apply(batch)
        return (store, batch)
    }

    @Test("#31 block_over_friendship: a block appends a block action and deactivates the row")
    func row31() async throws {
        let (store, batch) = try await run(blocksJSON: #"[{"ethAddress":"\#(L.b)","blocked":["\#(L.a)"]}]"#, friendship: true)
        let state = try #require(try await store.pair(AddressPair(L.addr(L.a), L.addr(L.b))!))
        #expect(state.newestAction?.action == .block)
        #expect(state.newestAction?.actingUser == L.addr(L.b))
        #expect(state.newestAction?.timestamp == blockedAt)
        #expect(state.newestAction?.id == BridgeIDs.blockAction(blocker: L.addr(L.b), blocked: L.addr(L.a)))
        #expect(state.isActive == false && state.updatedAt == blockedAt)
        #expect(state.requester == L.addr(L.a))
        #expect(batch.blocks.map(\.id) == [BridgeIDs.block(blocker: L.addr(L.b), blocked: L.addr(L.a))])
        #expect(batch.conflicts.map(\.rule) == [.blockOverFriendship])
        // A Matrix action newer than the run start: the block still becomes the newest action (+1 ms).
        let (late, _) = try await run(blocksJSON: #"[{"ethAddress":"\#(L.b)","blocked":["\#(L.a)"]}]"#, friendship: true, requestTS: 20_000)
        #expect(try await late.pair(AddressPair(L.addr(L.a), L.addr(L.b))!)?.newestAction?.timestamp == 20_001)
    }

    @Test("#32 block_without_friendship: only a blocks row")
    func row32() async throws {
        let (store, batch) = try await run(blocksJSON: #"[{"ethAddress":"\#(L.a)","blocked":["\#(L.c)"]}]"#, friendship: false)
        #expect(try await store.pair(AddressPair(L.addr(L.a), L.addr(L.c))!) == nil)
        let block = try #require(try await store.block(blocker: L.addr(L.a), blocked: L.addr(L.c)))
        #expect(block.blockedAt == blockedAt)
        #expect(batch.actions.isEmpty)
        #expect(batch.conflicts.map(\.rule) == [.blockWithoutFriendship])
    }

    @Test("#33 mutual_block: two rows, two block actions, the later decides")
    func row33() async throws {
        let json = #"[{"ethAddress":"\#(L.b)","blocked":["\#(L.a)"]},{"ethAddress":"\#(L.a)","blocked":["\#(L.b)"]}]"#
        let (store, batch) = try await run(blocksJSON: json, friendship: true)
        #expect(batch.blocks.count == 2)
        let blockActions = batch.actions.filter { $0.action == .block }
        #expect(blockActions.map(\.actingUser) == [L.addr(L.a), L.addr(L.b)])
        #expect(blockActions.map(\.timestamp) == [blockedAt, blockedAt + 1])
        #expect(try await store.pair(AddressPair(L.addr(L.a), L.addr(L.b))!)?.newestAction?.actingUser == L.addr(L.b))
        #expect(batch.conflicts.map(\.rule).filter { $0 == .mutualBlock }.count == 1)
    }

    @Test("#34 self_block: ignored")
    func row34() throws {
        let parsed = try blocks(#"[{"ethAddress":"\#(L.a)","blocked":["\#(L.mixedA)","\#(L.b)"]}]"#)
        #expect(parsed.blocks == [.init(blocker: L.addr(L.a), blocked: L.addr(L.b))])
        #expect(parsed.journal.map(\.rule).contains(.selfBlock))
    }

    @Test("#35 invalid_blocked_address: non-strings and non-addresses ignored; local Matrix ids accepted")
    func row35() throws {
        let json = #"[{"ethAddress":"\#(L.a)","blocked":[7,"bob","@\#(L.b):matrix.org","@\#(L.c):decentraland.org",null]}]"#
        let parsed = try blocks(json)
        #expect(parsed.blocks == [.init(blocker: L.addr(L.a), blocked: L.addr(L.c))])
        #expect(parsed.journal.map(\.rule) == Array(repeating: .invalidBlockedAddress, count: 4))
    }

    @Test("#36 invalid_profile_entry: bad entries skipped, the run goes on")
    func row36() throws {
        let json = #"""
        [42, {"ethAddress":"nope"}, {"ethAddress":"\#(L.a)","blocked":"\#(L.b)"}, {"avatars":"x"},
         {"ethAddress":"bad","userId":"\#(L.c)","blocked":["\#(L.b)"]},
         {"avatars":[{"ethAddress":"\#(L.b)","blocked":null}]}]
        """#
        let parsed = try blocks(json)
        #expect(parsed.blocks == [.init(blocker: L.addr(L.c), blocked: L.addr(L.b))])
        #expect(parsed.journal.map(\.rule) == Array(repeating: .invalidProfileEntry, count: 4))
        #expect(throws: BlocksFileError.notAnArray) { try blocks(#"{"ethAddress":"\#(L.a)"}"#) }
        #expect(throws: BlocksFileError.notJSON) { try blocks("[") }
    }

    @Test("#37 duplicate_profile_entry: the union of the entries' lists")
    func row37() throws {
        let json = #"[{"ethAddress":"\#(L.a)","blocked":["\#(L.b)"]},{"avatars":[{"ethAddress":"\#(L.mixedA)","blocked":["\#(L.c)","\#(L.b)"]}]}]"#
        let parsed = try blocks(json)
        #expect(parsed.blocks == [.init(blocker: L.addr(L.a), blocked: L.addr(L.b)), .init(blocker: L.addr(L.a), blocked: L.addr(L.c))])
        #expect(parsed.journal.map(\.rule).sorted() == [.duplicateProfileEntry, .identifierNormalized])
    }
}
