import Protobuf

// Social settings (spec §2.6, beyond the seed).

/// `SocialSettings { PrivateMessagePrivacySetting private_messages_privacy = 1;
/// BlockedUsersMessagesVisibilitySetting blocked_users_messages_visibility = 2; SituationReactionsVisibility show_situation_reactions = 3; }`
public struct SocialSettings: ProtoMessage {
    /// `private_messages_privacy = 1`
    public var privateMessagesPrivacy: PrivateMessagePrivacySetting = .protoDefault
    /// `blocked_users_messages_visibility = 2`
    public var blockedUsersMessagesVisibility: BlockedUsersMessagesVisibilitySetting = .protoDefault
    /// `show_situation_reactions = 3`
    public var showSituationReactions: SituationReactionsVisibility = .protoDefault

    public init() {}

    /// A message with these field values.
    public init(privateMessagesPrivacy: PrivateMessagePrivacySetting,
                blockedUsersMessagesVisibility: BlockedUsersMessagesVisibilitySetting,
                showSituationReactions: SituationReactionsVisibility) {
        self.privateMessagesPrivacy = privateMessagesPrivacy
        self.blockedUsersMessagesVisibility = blockedUsersMessagesVisibility
        self.showSituationReactions = showSituationReactions
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: privateMessagesPrivacy = try reader.readEnum(field, type)
            case 2: blockedUsersMessagesVisibility = try reader.readEnum(field, type)
            case 3: showSituationReactions = try reader.readEnum(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(enum: privateMessagesPrivacy, field: 1)
        writer.writeIfNotDefault(enum: blockedUsersMessagesVisibility, field: 2)
        writer.writeIfNotDefault(enum: showSituationReactions, field: 3)
    }
}

/// `GetSocialSettingsResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2; } }`
public struct GetSocialSettingsResponse: ProtoMessage {
    /// `.Ok { SocialSettings settings = 1; }`
    public struct Ok: ProtoMessage {
        /// `settings = 1`
        public var settings: SocialSettings? = nil

        public init() {}

        /// A message with these field values.
        public init(settings: SocialSettings?) { self.settings = settings }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: settings = try reader.readMessage(field, type, merging: settings)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let settings { writer.write(message: settings, field: 1) }
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
    }

    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil

    public init() {}

    /// A message with these field values.
    public init(response: Response?) { self.response = response }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: response = .ok(try reader.readMessage(field, type))
            case 2: response = .internalServerError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case nil: break
        }
    }
}

/// `UpsertSocialSettingsPayload`: the three settings, each `optional` (only the ones set change).
public struct UpsertSocialSettingsPayload: ProtoMessage {
    /// `private_messages_privacy = 1`
    public var privateMessagesPrivacy: PrivateMessagePrivacySetting? = nil
    /// `blocked_users_messages_visibility = 2`
    public var blockedUsersMessagesVisibility: BlockedUsersMessagesVisibilitySetting? = nil
    /// `show_situation_reactions = 3`
    public var showSituationReactions: SituationReactionsVisibility? = nil

    public init() {}

    /// A message with these field values.
    public init(privateMessagesPrivacy: PrivateMessagePrivacySetting?,
                blockedUsersMessagesVisibility: BlockedUsersMessagesVisibilitySetting? = nil,
                showSituationReactions: SituationReactionsVisibility? = nil) {
        self.privateMessagesPrivacy = privateMessagesPrivacy
        self.blockedUsersMessagesVisibility = blockedUsersMessagesVisibility
        self.showSituationReactions = showSituationReactions
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: privateMessagesPrivacy = try reader.readEnum(field, type)
            case 2: blockedUsersMessagesVisibility = try reader.readEnum(field, type)
            case 3: showSituationReactions = try reader.readEnum(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        if let privateMessagesPrivacy { writer.write(enum: privateMessagesPrivacy, field: 1) }
        if let blockedUsersMessagesVisibility { writer.write(enum: blockedUsersMessagesVisibility, field: 2) }
        if let showSituationReactions { writer.write(enum: showSituationReactions, field: 3) }
    }
}

/// `UpsertSocialSettingsResponse { oneof response { SocialSettings ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; } }`
public struct UpsertSocialSettingsResponse: ProtoMessage {
    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(SocialSettings)
        case internalServerError(InternalServerError)
        case invalidRequest(InvalidRequest)
    }

    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil

    public init() {}

    /// A message with these field values.
    public init(response: Response?) { self.response = response }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: response = .ok(try reader.readMessage(field, type))
            case 2: response = .internalServerError(try reader.readMessage(field, type))
            case 3: response = .invalidRequest(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case .invalidRequest(let value): writer.write(message: value, field: 3)
        case nil: break
        }
    }
}

/// `GetPrivateMessagesSettingsPayload { repeated User user = 1; }`
public struct GetPrivateMessagesSettingsPayload: ProtoMessage {
    /// `user = 1`
    public var user: [User] = []

    public init() {}

    /// A message with these field values.
    public init(user: [User]) { self.user = user }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: user.append(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        for value in user { writer.write(message: value, field: 1) }
    }
}

/// `GetPrivateMessagesSettingsResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; ProfileNotFound profile_not_found = 4; } }`
public struct GetPrivateMessagesSettingsResponse: ProtoMessage {
    /// `.PrivateMessagesSettings { User user = 1; PrivateMessagePrivacySetting private_messages_privacy = 2; bool is_friend = 3; }`
    public struct PrivateMessagesSettings: ProtoMessage {
        /// `user = 1`
        public var user: User? = nil
        /// `private_messages_privacy = 2`
        public var privateMessagesPrivacy: PrivateMessagePrivacySetting = .protoDefault
        /// `is_friend = 3`
        public var isFriend: Bool = false

        public init() {}

        /// A message with these field values.
        public init(user: User?, privateMessagesPrivacy: PrivateMessagePrivacySetting, isFriend: Bool) {
            self.user = user
            self.privateMessagesPrivacy = privateMessagesPrivacy
            self.isFriend = isFriend
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: user = try reader.readMessage(field, type, merging: user)
                case 2: privateMessagesPrivacy = try reader.readEnum(field, type)
                case 3: isFriend = try reader.readBool(field, type)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let user { writer.write(message: user, field: 1) }
            writer.writeIfNotDefault(enum: privateMessagesPrivacy, field: 2)
            writer.writeIfNotDefault(bool: isFriend, field: 3)
        }
    }

    /// `.Ok { repeated PrivateMessagesSettings settings = 1; }`
    public struct Ok: ProtoMessage {
        /// `settings = 1`
        public var settings: [PrivateMessagesSettings] = []

        public init() {}

        /// A message with these field values.
        public init(settings: [PrivateMessagesSettings]) { self.settings = settings }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: settings.append(try reader.readMessage(field, type))
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            for value in settings { writer.write(message: value, field: 1) }
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
        case invalidRequest(InvalidRequest)
        case profileNotFound(ProfileNotFound)
    }

    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil

    public init() {}

    /// A message with these field values.
    public init(response: Response?) { self.response = response }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: response = .ok(try reader.readMessage(field, type))
            case 2: response = .internalServerError(try reader.readMessage(field, type))
            case 3: response = .invalidRequest(try reader.readMessage(field, type))
            case 4: response = .profileNotFound(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case .invalidRequest(let value): writer.write(message: value, field: 3)
        case .profileNotFound(let value): writer.write(message: value, field: 4)
        case nil: break
        }
    }
}
