import SocialStore

/// The outcome of a diff: counts, the drift and the expected differences, each in a stable order (pairs by
/// `users`, then blocks by blocker then blocked).
public struct DiffReport: Sendable, Equatable {
    /// Distinct pairs looked at (derived by the legacy side, held by the store, or both; in scope of `--users`).
    public var pairsCompared = 0
    /// Distinct blocks looked at (0 without `--blocks`).
    public var blocksCompared = 0
    /// Differences nothing explains.
    public var drift: [DiffEntry] = []
    /// Differences explained by a journaled decision or a pending mirror write, with their reason.
    public var expected: [DiffEntry] = []
    /// Homeserver requests the legacy read made (not part of the JSON).
    public var httpRequests = 0
    /// Seconds per phase: the legacy read phases, `reconcile`, `compare_pairs`, `compare_blocks` (not part of the JSON).
    public var timings: [String: Double] = [:]

    /// An empty report.
    public init() {}

    /// Whether drift was found (`diff` exits 1).
    public var hasDrift: Bool { !drift.isEmpty }

    /// Files an entry under drift or expected.
    mutating func add(_ entry: DiffEntry) {
        if entry.reason == nil { drift.append(entry) } else { expected.append(entry) }
    }

    /// The JSON form: one object, fixed key order, one entry per line, trailing newline.
    ///
    /// `{"summary":{"pairs_compared","blocks_compared","drift","expected"},"drift":[…],"expected":[…]}`; a pair
    /// entry is `{"kind","reason"?,"users":[lo,hi],"fields":[…],"legacy":{…}|null,"new":{…}|null}`, a block
    /// entry `{"kind","reason"?,"blocker","blocked"}` (`reason` only in expected entries).
    public func json() -> String {
        let summary = "{\"pairs_compared\":\(pairsCompared),\"blocks_compared\":\(blocksCompared)"
            + ",\"drift\":\(drift.count),\"expected\":\(expected.count)}"
        return "{\n  \"summary\": " + summary + ",\n  \"drift\": " + list(drift) + ",\n  \"expected\": " + list(expected) + "\n}\n"
    }

    /// One entry's JSON object.
    public static func json(_ entry: DiffEntry) -> String {
        var text = "{\"kind\":\(JSONText.string(entry.kind.rawValue))"
        if let reason = entry.reason { text += ",\"reason\":\(JSONText.string(reason.rawValue))" }
        switch entry {
        case .pair(let pair):
            text += ",\"users\":[\(JSONText.string(pair.users.lo.rawValue)),\(JSONText.string(pair.users.hi.rawValue))]"
            text += ",\"fields\":" + JSONText.array(pair.fields.map(\.rawValue))
            text += ",\"legacy\":" + (pair.legacy.map(legacyJSON) ?? "null")
            text += ",\"new\":" + (pair.new.map(newJSON) ?? "null")
        case .block(let block):
            text += ",\"blocker\":\(JSONText.string(block.block.blocker.rawValue)),\"blocked\":\(JSONText.string(block.block.blocked.rawValue))"
        }
        return text + "}"
    }

    private static func legacyJSON(_ view: LegacyPairView) -> String {
        "{\"status\":\(JSONText.string(view.status.rawValue))"
            + ",\"requester\":\(JSONText.string(view.requester.rawValue))"
            + ",\"acting_user\":\(JSONText.string(view.actingUser.rawValue))"
            + ",\"active\":\(view.active)"
            + ",\"message\":\(JSONText.optionalString(view.message))"
            + ",\"updated_at\":\(view.updatedAt)"
            + ",\"room_id\":\(JSONText.string(view.roomID))"
            + ",\"event_id\":\(JSONText.string(view.eventID))}"
    }

    private static func newJSON(_ pair: StoreSnapshot.Pair) -> String {
        "{\"status\":\(JSONText.optionalString(pair.status?.rawValue))"
            + ",\"requester\":\(JSONText.string(pair.requester.rawValue))"
            + ",\"acting_user\":\(JSONText.optionalString(pair.actingUser?.rawValue))"
            + ",\"active\":\(pair.active)"
            + ",\"message\":\(JSONText.optionalString(pair.message))"
            + ",\"updated_at\":\(pair.updatedAt)"
            + ",\"action_id\":\(JSONText.optionalString(pair.actionID))}"
    }

    private func list(_ entries: [DiffEntry]) -> String {
        entries.isEmpty ? "[]" : "[\n    " + entries.map(Self.json).joined(separator: ",\n    ") + "\n  ]"
    }
}
