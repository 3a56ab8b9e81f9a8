/// The rule names the bridge journals (legacy-matrix §5), written to the `conflicts` table and the report.
public enum ConflictRule: String, CaseIterable, Sendable, Codable, Comparable {
    case consentCheckStale = "consent_check_stale"
    case consentUnverified = "consent_unverified"
    case acceptWithoutRequest = "accept_without_request"
    case duplicateAccept = "duplicate_accept"
    case cancelByReceiver = "cancel_by_receiver"
    case rejectBySender = "reject_by_sender"
    case invalidTransition = "invalid_transition"
    case crossedRequests = "crossed_requests"
    case crossedRequestsTwoRooms = "crossed_requests_two_rooms"
    case duplicateRooms = "duplicate_rooms"
    case memberLeft = "member_left"
    case memberInvitedOnly = "member_invited_only"
    case notTwoMembers = "not_two_members"
    case nonAddressUser = "non_address_user"
    case identifierNormalized = "identifier_normalized"
    case channelRoom = "channel_room"
    case aliasMismatch = "alias_mismatch"
    case invalidFriendshipContent = "invalid_friendship_content"
    case perUserOnly = "per_user_only"
    case foreignSender = "foreign_sender"
    case messageFromPerUserKey = "message_from_per_user_key"
    case historyMismatch = "history_mismatch"
    case timestampRegression = "timestamp_regression"
    case mdirectWrongRoom = "mdirect_wrong_room"
    case mdirectBareAddress = "mdirect_bare_address"
    case mdirectUserIDValue = "mdirect_user_id_value"
    case mdirectMissing = "mdirect_missing"
    case mdirectUnknownRoom = "mdirect_unknown_room"
    case blockOverFriendship = "block_over_friendship"
    case blockWithoutFriendship = "block_without_friendship"
    case mutualBlock = "mutual_block"
    case selfBlock = "self_block"
    case invalidBlockedAddress = "invalid_blocked_address"
    case invalidProfileEntry = "invalid_profile_entry"
    case duplicateProfileEntry = "duplicate_profile_entry"
    case ignoredListNotBlock = "ignored_list_not_block"
    case newSideNewer = "new_side_newer"
    /// Only `diff` compares a Rust-service export; `migrate` reads Matrix alone (§3.6), so it never journals this.
    case legacyDBDrift = "legacy_db_drift"
    case bridgeEcho = "bridge_echo"
    case blockedPair = "blocked_pair"
    case historyUnavailable = "history_unavailable"
    /// A `m.room.tombstone` moved the pair to its replacement room (sync reads both; new writes go there).
    case roomUpgraded = "room_upgraded"

    public static func < (l: ConflictRule, r: ConflictRule) -> Bool { l.rawValue < r.rawValue }
}

/// One applied rule: what, where, and which events were involved.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// The rule applied.
    public var rule: ConflictRule
    /// The room the rule was applied in, if any.
    public var roomID: String?
    /// Event ids involved (for `duplicate_rooms`, room ids of the losing rooms go to `detail`).
    public var eventIDs: [String]
    /// The pair concerned, `lo+hi`, when known.
    public var pair: String?
    /// Free text (the offending identifier, other room ids, a reason).
    public var detail: String?

    /// Builds an entry.
    public init(_ rule: ConflictRule, roomID: String? = nil, eventIDs: [String] = [], pair: String? = nil, detail: String? = nil) {
        self.rule = rule
        self.roomID = roomID
        self.eventIDs = eventIDs
        self.pair = pair
        self.detail = detail
    }
}
