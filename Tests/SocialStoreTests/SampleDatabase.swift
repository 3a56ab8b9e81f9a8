import Foundation
import SocialDomain
import SocialStore

/// The content of fixtures/sample.sqlite, built through the store's import path with deterministic
/// (UUIDv5) ids and fixed times. Regenerate the file with
/// `SOCIALBRIDGE_WRITE_FIXTURES=1 swift test --filter SampleFixtureTests`.
enum SampleDatabase {
    static let alice = Address("0xa11ce00000000000000000000000000000000001")!
    static let bob = Address("0xb0b0000000000000000000000000000000000002")!
    static let carol = Address("0xca401000000000000000000000000000000000c3")!
    static let dave = Address("0xda0e000000000000000000000000000000000004")!
    static let erin = Address("0xe41e000000000000000000000000000000000005")!
    static let frank = Address("0xf4a4c00000000000000000000000000000000006")!

    /// 2023-11-14T22:13:20Z plus `minutes`.
    static func at(_ minutes: Int64) -> Int64 { 1_700_000_000_000 + minutes * 60_000 }

    /// One pair's history: (action, actor, message, minute).
    typealias Step = (FriendshipAction, Address, String?, Int64)

    static let histories: [(Address, Address, [Step])] = [
        (alice, bob, [(.request, alice, "hi bob!", 1), (.accept, bob, nil, 2)]),                 // friends
        (alice, erin, [(.request, erin, nil, 3), (.accept, alice, nil, 4)]),                     // friends
        (bob, erin, [(.request, bob, nil, 5), (.accept, erin, nil, 6)]),                         // friends
        (carol, alice, [(.request, carol, "let's be friends", 7)]),                              // pending for alice
        (bob, carol, [(.request, bob, nil, 8), (.reject, carol, nil, 9)]),                       // rejected
        (alice, dave, [(.request, alice, nil, 10), (.accept, dave, nil, 11), (.block, dave, nil, 20)]), // blocked by dave
        (bob, dave, [(.request, bob, "remember me?", 12), (.cancel, bob, nil, 13)]),             // canceled
        (carol, erin, [(.request, carol, nil, 14), (.accept, erin, nil, 15), (.delete, erin, nil, 16)]), // deleted
        (dave, carol, [(.request, dave, nil, 17)]),                                              // pending for carol
    ]

    /// Blocks: dave blocked alice (with the friendship above), erin blocked frank (no friendship).
    static let blocks: [(Address, Address, Int64)] = [(dave, alice, 20), (erin, frank, 21)]

    /// The batch that builds the sample.
    static func batch() -> ImportBatch {
        var batch = ImportBatch(now: at(30))
        for (first, second, steps) in histories {
            guard let pair = AddressPair(first, second), let last = steps.last else { continue }
            let id = BridgeIDs.friendship(pair)
            batch.friendships.append(FriendshipRecord(
                id: id, requester: first, requested: second, isActive: last.0 == .accept,
                createdAt: at(steps[0].3), updatedAt: at(last.3)))
            for (index, step) in steps.enumerated() {
                batch.actions.append(ActionRecord(
                    id: BridgeIDs.action(eventID: "$sample-\(pair)-\(index)"), friendshipID: id, action: step.0,
                    actingUser: step.1, message: step.2, timestamp: at(step.3)))
            }
        }
        for (blocker, blocked, minute) in blocks {
            batch.blocks.append(BlockRecord(id: BridgeIDs.block(blocker: blocker, blocked: blocked), blocker: blocker, blocked: blocked, blockedAt: at(minute)))
        }
        batch.checkpoints["sample"] = "v1"
        return batch
    }

    /// Writes the sample database at `path` (which must not exist).
    static func write(to path: String) throws {
        let store = try SocialStore(path: path)
        _ = try store.apply(batch())
    }

    /// `social-bridge export --format json` of the sample.
    static let exportJSON = """
        {
          "friendships": [
            {"users":["0xa11ce00000000000000000000000000000000001","0xb0b0000000000000000000000000000000000002"],"requester":"0xa11ce00000000000000000000000000000000001","status":"accept","acting_user":"0xb0b0000000000000000000000000000000000002","active":true,"message":null,"updated_at":1700000120000},
            {"users":["0xa11ce00000000000000000000000000000000001","0xca401000000000000000000000000000000000c3"],"requester":"0xca401000000000000000000000000000000000c3","status":"request","acting_user":"0xca401000000000000000000000000000000000c3","active":false,"message":"let's be friends","updated_at":1700000420000},
            {"users":["0xa11ce00000000000000000000000000000000001","0xda0e000000000000000000000000000000000004"],"requester":"0xa11ce00000000000000000000000000000000001","status":"block","acting_user":"0xda0e000000000000000000000000000000000004","active":false,"message":null,"updated_at":1700001200000},
            {"users":["0xa11ce00000000000000000000000000000000001","0xe41e000000000000000000000000000000000005"],"requester":"0xa11ce00000000000000000000000000000000001","status":"accept","acting_user":"0xa11ce00000000000000000000000000000000001","active":true,"message":null,"updated_at":1700000240000},
            {"users":["0xb0b0000000000000000000000000000000000002","0xca401000000000000000000000000000000000c3"],"requester":"0xb0b0000000000000000000000000000000000002","status":"reject","acting_user":"0xca401000000000000000000000000000000000c3","active":false,"message":null,"updated_at":1700000540000},
            {"users":["0xb0b0000000000000000000000000000000000002","0xda0e000000000000000000000000000000000004"],"requester":"0xb0b0000000000000000000000000000000000002","status":"cancel","acting_user":"0xb0b0000000000000000000000000000000000002","active":false,"message":null,"updated_at":1700000780000},
            {"users":["0xb0b0000000000000000000000000000000000002","0xe41e000000000000000000000000000000000005"],"requester":"0xb0b0000000000000000000000000000000000002","status":"accept","acting_user":"0xe41e000000000000000000000000000000000005","active":true,"message":null,"updated_at":1700000360000},
            {"users":["0xca401000000000000000000000000000000000c3","0xda0e000000000000000000000000000000000004"],"requester":"0xda0e000000000000000000000000000000000004","status":"request","acting_user":"0xda0e000000000000000000000000000000000004","active":false,"message":null,"updated_at":1700001020000},
            {"users":["0xca401000000000000000000000000000000000c3","0xe41e000000000000000000000000000000000005"],"requester":"0xca401000000000000000000000000000000000c3","status":"delete","acting_user":"0xe41e000000000000000000000000000000000005","active":false,"message":null,"updated_at":1700000960000}
          ],
          "blocks": [
            {"blocker":"0xda0e000000000000000000000000000000000004","blocked":"0xa11ce00000000000000000000000000000000001","blocked_at":1700001200000},
            {"blocker":"0xe41e000000000000000000000000000000000005","blocked":"0xf4a4c00000000000000000000000000000000006","blocked_at":1700001260000}
          ]
        }

        """
}
