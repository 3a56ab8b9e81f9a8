import SocialDomain
import SocialStore

/// How one pair or block differs between the legacy side and the store.
public enum DiffKind: String, Sendable, Hashable, CaseIterable {
    /// The legacy side derives the pair; the store has no row for it.
    case missingNew = "missing_new"
    /// The store has a pair row the legacy side does not derive.
    case missingLegacy = "missing_legacy"
    /// Both have the pair; `fields` names what differs.
    case differs
    /// The profiles file holds the block; the store has no such blocks row.
    case blockMissingNew = "block_missing_new"
    /// The store has a blocks row the profiles file does not hold.
    case blockMissingLegacy = "block_missing_legacy"
}

/// A compared field of a pair (the export's names). Timestamps are shown, never compared: a new-side action
/// legitimately gets `max(now, newest)`.
public enum DiffField: String, Sendable, Hashable, CaseIterable {
    /// The newest action (legacy: the winner's action, or `block`).
    case status
    /// The row's `address_requester` (legacy: step 8's requester).
    case requester
    /// Who did the newest action.
    case actingUser = "acting_user"
    /// `is_active` (legacy: the action is an accept).
    case active
    /// The request message (requests only).
    case message
}

/// Why a difference is expected rather than drift.
public enum ExpectedReason: String, Sendable, Hashable, CaseIterable {
    /// Journaled by migrate or sync: the store's newest action was made on the new side and is newer than
    /// the legacy winner (§4.6); for a block, an imported block was removed on the new side (§7.3 step 5).
    case newSideNewer = "new_side_newer"
    /// Journaled: the legacy winner was not applied because a block exists between the two (§4.6).
    case blockedPair = "blocked_pair"
    /// Journaled: the legacy winner is the echo of a bridge write (§9.6).
    case bridgeEcho = "bridge_echo"
    /// The pair has actions waiting in the mirror outbox (not yet written to Matrix).
    case mirrorPending = "mirror_pending"
    /// Only `requester` differs, and the store's row was created by an action older than the legacy winner:
    /// a row's `address_requester` never changes after creation (rpc-protocol §4.3 step 7), while the legacy
    /// derivation names the requester of the latest cycle (legacy-matrix §4.2 step 8).
    case requesterKept = "requester_kept"
    /// Run without `--blocks`, and the store holds a block for the pair (as its newest action or as a
    /// blocks row): the legacy side of a block lives in profiles, so Matrix alone cannot judge the pair.
    case blocksNotCompared = "blocks_not_compared"

    /// The journaled rules that make a difference expected, when the entry names the legacy winner's event.
    public static let journaledRules: [ConflictRule] = [.newSideNewer, .blockedPair, .bridgeEcho]

    /// The reason a journaled rule stands for, if it is one.
    public init?(rule: ConflictRule) {
        switch rule {
        case .newSideNewer: self = .newSideNewer
        case .blockedPair: self = .blockedPair
        case .bridgeEcho: self = .bridgeEcho
        default: return nil
        }
    }
}

/// One pair that differs, with both sides as they stand.
public struct PairDifference: Sendable, Equatable {
    /// `missing_new`, `missing_legacy` or `differs`.
    public var kind: DiffKind
    /// The pair.
    public var users: AddressPair
    /// For `differs`: the fields that differ, in `DiffField` order (a requester kept from an earlier cycle is
    /// not a difference, except in a `requester_kept` entry). Empty for the two `missing_*` kinds.
    public var fields: [DiffField]
    /// The legacy side, when it derives the pair.
    public var legacy: LegacyPairView?
    /// The store's side (the export's fields), when it has the pair.
    public var new: StoreSnapshot.Pair?
    /// Why it is expected; `nil` for drift.
    public var reason: ExpectedReason?

    /// A pair entry.
    public init(kind: DiffKind, users: AddressPair, fields: [DiffField] = [], legacy: LegacyPairView?,
                new: StoreSnapshot.Pair?, reason: ExpectedReason? = nil) {
        self.kind = kind
        self.users = users
        self.fields = fields
        self.legacy = legacy
        self.new = new
        self.reason = reason
    }
}

/// One block that one side holds and the other lacks.
public struct BlockDifference: Sendable, Hashable {
    /// `block_missing_new` or `block_missing_legacy`.
    public var kind: DiffKind
    /// The block.
    public var block: ProfileBlocks.Block
    /// Why it is expected; `nil` for drift.
    public var reason: ExpectedReason?

    /// A block entry.
    public init(kind: DiffKind, block: ProfileBlocks.Block, reason: ExpectedReason? = nil) {
        self.kind = kind
        self.block = block
        self.reason = reason
    }
}

/// One entry of a diff report: a pair or a block.
public enum DiffEntry: Sendable, Equatable {
    /// A pair that differs.
    case pair(PairDifference)
    /// A block one side lacks.
    case block(BlockDifference)

    /// The entry's kind.
    public var kind: DiffKind {
        switch self {
        case .pair(let pair): return pair.kind
        case .block(let block): return block.kind
        }
    }

    /// Why it is expected; `nil` for drift.
    public var reason: ExpectedReason? {
        switch self {
        case .pair(let pair): return pair.reason
        case .block(let block): return block.reason
        }
    }
}
