import Protobuf

// Enums of social_service_v2.proto (spec §2.3). Open enums: unknown wire values survive as `unrecognized`.

/// `ConnectivityStatus`: ONLINE=0, OFFLINE=1, AWAY=2.
public enum ConnectivityStatus: ProtoEnum {
    case online, offline, away
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .online
        case 1: self = .offline
        case 2: self = .away
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .online: 0
        case .offline: 1
        case .away: 2
        case .unrecognized(let value): value
        }
    }
}

/// `FriendshipStatus` of the proto (not `SocialDomain.FriendshipStatus`): REQUEST_SENT=0 … BLOCKED_BY=8.
public enum FriendshipStatus: ProtoEnum {
    case requestSent, requestReceived, canceled, accepted, rejected, deleted, blocked, none, blockedBy
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .requestSent
        case 1: self = .requestReceived
        case 2: self = .canceled
        case 3: self = .accepted
        case 4: self = .rejected
        case 5: self = .deleted
        case 6: self = .blocked
        case 7: self = .none
        case 8: self = .blockedBy
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .requestSent: 0
        case .requestReceived: 1
        case .canceled: 2
        case .accepted: 3
        case .rejected: 4
        case .deleted: 5
        case .blocked: 6
        case .none: 7
        case .blockedBy: 8
        case .unrecognized(let value): value
        }
    }
}

/// `SubscriptionStreamClosedReason`: STREAM_CLOSED_UNKNOWN=0, STREAM_CLOSED_DUPLICATE_SUBSCRIPTION=1.
public enum SubscriptionStreamClosedReason: ProtoEnum {
    case streamClosedUnknown, streamClosedDuplicateSubscription
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .streamClosedUnknown
        case 1: self = .streamClosedDuplicateSubscription
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .streamClosedUnknown: 0
        case .streamClosedDuplicateSubscription: 1
        case .unrecognized(let value): value
        }
    }
}

/// `PrivateMessagePrivacySetting`: ALL=0, ONLY_FRIENDS=1.
public enum PrivateMessagePrivacySetting: ProtoEnum {
    case all, onlyFriends
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .all
        case 1: self = .onlyFriends
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .all: 0
        case .onlyFriends: 1
        case .unrecognized(let value): value
        }
    }
}

/// `BlockedUsersMessagesVisibilitySetting`: SHOW_MESSAGES=0, DO_NOT_SHOW_MESSAGES=1.
public enum BlockedUsersMessagesVisibilitySetting: ProtoEnum {
    case showMessages, doNotShowMessages
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .showMessages
        case 1: self = .doNotShowMessages
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .showMessages: 0
        case .doNotShowMessages: 1
        case .unrecognized(let value): value
        }
    }
}

/// `SituationReactionsVisibility`: SHOW=0, HIDE=1.
public enum SituationReactionsVisibility: ProtoEnum {
    case show, hide
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .show
        case 1: self = .hide
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .show: 0
        case .hide: 1
        case .unrecognized(let value): value
        }
    }
}

/// `PrivateVoiceChatStatus`: VOICE_CHAT_REQUESTED=0 … VOICE_CHAT_EXPIRED=4.
public enum PrivateVoiceChatStatus: ProtoEnum {
    case voiceChatRequested, voiceChatAccepted, voiceChatRejected, voiceChatEnded, voiceChatExpired
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .voiceChatRequested
        case 1: self = .voiceChatAccepted
        case 2: self = .voiceChatRejected
        case 3: self = .voiceChatEnded
        case 4: self = .voiceChatExpired
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .voiceChatRequested: 0
        case .voiceChatAccepted: 1
        case .voiceChatRejected: 2
        case .voiceChatEnded: 3
        case .voiceChatExpired: 4
        case .unrecognized(let value): value
        }
    }
}

/// `CommunityVoiceChatStatus`: COMMUNITY_VOICE_CHAT_STARTED=0, COMMUNITY_VOICE_CHAT_ENDED=1.
public enum CommunityVoiceChatStatus: ProtoEnum {
    case communityVoiceChatStarted, communityVoiceChatEnded
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .communityVoiceChatStarted
        case 1: self = .communityVoiceChatEnded
        default: self = .unrecognized(rawValue)
        }
    }

    public var rawValue: Int32 {
        switch self {
        case .communityVoiceChatStarted: 0
        case .communityVoiceChatEnded: 1
        case .unrecognized(let value): value
        }
    }
}
