import Protobuf

// Community voice chat moderation rpcs, their payloads and responses (spec §2.6, beyond the seed), the
// mute rpc and the update stream element. Codecs of the shared shapes live in CommunityVoiceChat.swift.

/// `RequestToSpeakInCommunityVoiceChatPayload { string community_id = 1; bool is_raising_hand = 2; }`
public struct RequestToSpeakInCommunityVoiceChatPayload: ProtoMessage {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `is_raising_hand = 2`
    public var isRaisingHand: Bool = false

    public init() {}

    /// A message with these field values.
    public init(communityId: String, isRaisingHand: Bool) {
        self.communityId = communityId
        self.isRaisingHand = isRaisingHand
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: communityId = try reader.readString(field, type)
            case 2: isRaisingHand = try reader.readBool(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: communityId, field: 1)
        writer.writeIfNotDefault(bool: isRaisingHand, field: 2)
    }
}

/// `RequestToSpeakInCommunityVoiceChatResponse` (action response shape).
public struct RequestToSpeakInCommunityVoiceChatResponse: CommunityVoiceChatActionResponse {
    /// `.Ok { string message = 1; }` (shared shape).
    public typealias Ok = CommunityVoiceChatActionOk
    /// The `response` oneof (shared shape).
    public typealias Response = CommunityVoiceChatActionResult
    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil
    public init() {}
    /// A message with these field values.
    public init(response: Response?) { self.response = response }
}

/// `PromoteSpeakerInCommunityVoiceChatPayload { string community_id = 1; string user_address = 2; }`
public struct PromoteSpeakerInCommunityVoiceChatPayload: CommunityMemberPayload {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `user_address = 2`
    public var userAddress: String = ""
    public init() {}
    /// A message with these field values.
    public init(communityId: String, userAddress: String) { self.communityId = communityId; self.userAddress = userAddress }
}

/// `PromoteSpeakerInCommunityVoiceChatResponse` (action response shape).
public struct PromoteSpeakerInCommunityVoiceChatResponse: CommunityVoiceChatActionResponse {
    /// `.Ok { string message = 1; }` (shared shape).
    public typealias Ok = CommunityVoiceChatActionOk
    /// The `response` oneof (shared shape).
    public typealias Response = CommunityVoiceChatActionResult
    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil
    public init() {}
    /// A message with these field values.
    public init(response: Response?) { self.response = response }
}

/// `DemoteSpeakerInCommunityVoiceChatPayload { string community_id = 1; string user_address = 2; }`
public struct DemoteSpeakerInCommunityVoiceChatPayload: CommunityMemberPayload {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `user_address = 2`
    public var userAddress: String = ""
    public init() {}
    /// A message with these field values.
    public init(communityId: String, userAddress: String) { self.communityId = communityId; self.userAddress = userAddress }
}

/// `DemoteSpeakerInCommunityVoiceChatResponse` (action response shape).
public struct DemoteSpeakerInCommunityVoiceChatResponse: CommunityVoiceChatActionResponse {
    /// `.Ok { string message = 1; }` (shared shape).
    public typealias Ok = CommunityVoiceChatActionOk
    /// The `response` oneof (shared shape).
    public typealias Response = CommunityVoiceChatActionResult
    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil
    public init() {}
    /// A message with these field values.
    public init(response: Response?) { self.response = response }
}

/// `KickPlayerFromCommunityVoiceChatPayload { string community_id = 1; string user_address = 2; }`
public struct KickPlayerFromCommunityVoiceChatPayload: CommunityMemberPayload {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `user_address = 2`
    public var userAddress: String = ""
    public init() {}
    /// A message with these field values.
    public init(communityId: String, userAddress: String) { self.communityId = communityId; self.userAddress = userAddress }
}

/// `KickPlayerFromCommunityVoiceChatResponse` (action response shape).
public struct KickPlayerFromCommunityVoiceChatResponse: CommunityVoiceChatActionResponse {
    /// `.Ok { string message = 1; }` (shared shape).
    public typealias Ok = CommunityVoiceChatActionOk
    /// The `response` oneof (shared shape).
    public typealias Response = CommunityVoiceChatActionResult
    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil
    public init() {}
    /// A message with these field values.
    public init(response: Response?) { self.response = response }
}

/// `RejectSpeakRequestInCommunityVoiceChatPayload { string community_id = 1; string user_address = 2; }`
public struct RejectSpeakRequestInCommunityVoiceChatPayload: CommunityMemberPayload {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `user_address = 2`
    public var userAddress: String = ""
    public init() {}
    /// A message with these field values.
    public init(communityId: String, userAddress: String) { self.communityId = communityId; self.userAddress = userAddress }
}

/// `RejectSpeakRequestInCommunityVoiceChatResponse` (action response shape).
public struct RejectSpeakRequestInCommunityVoiceChatResponse: CommunityVoiceChatActionResponse {
    /// `.Ok { string message = 1; }` (shared shape).
    public typealias Ok = CommunityVoiceChatActionOk
    /// The `response` oneof (shared shape).
    public typealias Response = CommunityVoiceChatActionResult
    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil
    public init() {}
    /// A message with these field values.
    public init(response: Response?) { self.response = response }
}

/// `EndCommunityVoiceChatPayload { string community_id = 1; }`
public struct EndCommunityVoiceChatPayload: CommunityIdPayload {
    /// `community_id = 1`
    public var communityId: String = ""
    public init() {}
    /// A message with these field values.
    public init(communityId: String) { self.communityId = communityId }
}

/// `EndCommunityVoiceChatResponse` (action response shape).
public struct EndCommunityVoiceChatResponse: CommunityVoiceChatActionResponse {
    /// `.Ok { string message = 1; }` (shared shape).
    public typealias Ok = CommunityVoiceChatActionOk
    /// The `response` oneof (shared shape).
    public typealias Response = CommunityVoiceChatActionResult
    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil
    public init() {}
    /// A message with these field values.
    public init(response: Response?) { self.response = response }
}

/// `MuteSpeakerFromCommunityVoiceChatPayload { string community_id = 1; string user_address = 2; bool muted = 3; }`
public struct MuteSpeakerFromCommunityVoiceChatPayload: ProtoMessage {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `user_address = 2`
    public var userAddress: String = ""
    /// `muted = 3`
    public var muted: Bool = false

    public init() {}

    /// A message with these field values.
    public init(communityId: String, userAddress: String, muted: Bool) {
        self.communityId = communityId
        self.userAddress = userAddress
        self.muted = muted
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: communityId = try reader.readString(field, type)
            case 2: userAddress = try reader.readString(field, type)
            case 3: muted = try reader.readBool(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: communityId, field: 1)
        writer.writeIfNotDefault(string: userAddress, field: 2)
        writer.writeIfNotDefault(bool: muted, field: 3)
    }
}

/// `MuteSpeakerFromCommunityVoiceChatResponse { oneof response { Ok ok = 1; ForbiddenError forbidden_error = 2;
/// NotFoundError not_found_error = 3; InvalidRequest invalid_request = 4; InternalServerError internal_server_error = 5; } }`
public struct MuteSpeakerFromCommunityVoiceChatResponse: ProtoMessage {
    /// `.Ok { bool muted = 1; }`
    public struct Ok: ProtoMessage {
        /// `muted = 1`
        public var muted: Bool = false

        public init() {}

        /// A message with these field values.
        public init(muted: Bool) { self.muted = muted }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: muted = try reader.readBool(field, type)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            writer.writeIfNotDefault(bool: muted, field: 1)
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case forbiddenError(ForbiddenError)
        case notFoundError(NotFoundError)
        case invalidRequest(InvalidRequest)
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
            case 2: response = .forbiddenError(try reader.readMessage(field, type))
            case 3: response = .notFoundError(try reader.readMessage(field, type))
            case 4: response = .invalidRequest(try reader.readMessage(field, type))
            case 5: response = .internalServerError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .forbiddenError(let value): writer.write(message: value, field: 2)
        case .notFoundError(let value): writer.write(message: value, field: 3)
        case .invalidRequest(let value): writer.write(message: value, field: 4)
        case .internalServerError(let value): writer.write(message: value, field: 5)
        case nil: break
        }
    }
}

/// `CommunityVoiceChatUpdate { string community_id = 1; int64 created_at = 2; CommunityVoiceChatStatus status = 3;
/// optional int64 ended_at = 4; repeated string positions = 5; bool is_member = 6; string community_name = 7;
/// optional string community_image = 8; repeated string worlds = 9; optional SubscriptionStreamClosed stream_closed = 10; }`
public struct CommunityVoiceChatUpdate: ProtoMessage {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `created_at = 2`
    public var createdAt: Int64 = 0
    /// `status = 3`
    public var status: CommunityVoiceChatStatus = .protoDefault
    /// `ended_at = 4`
    public var endedAt: Int64? = nil
    /// `positions = 5`
    public var positions: [String] = []
    /// `is_member = 6`
    public var isMember: Bool = false
    /// `community_name = 7`
    public var communityName: String = ""
    /// `community_image = 8`
    public var communityImage: String? = nil
    /// `worlds = 9`
    public var worlds: [String] = []
    /// `stream_closed = 10`
    public var streamClosed: SubscriptionStreamClosed? = nil

    public init() {}

    /// A stream's last element: only `stream_closed` set.
    public init(streamClosed: SubscriptionStreamClosed) { self.streamClosed = streamClosed }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: communityId = try reader.readString(field, type)
            case 2: createdAt = try reader.readInt64(field, type)
            case 3: status = try reader.readEnum(field, type)
            case 4: endedAt = try reader.readInt64(field, type)
            case 5: positions.append(try reader.readString(field, type))
            case 6: isMember = try reader.readBool(field, type)
            case 7: communityName = try reader.readString(field, type)
            case 8: communityImage = try reader.readString(field, type)
            case 9: worlds.append(try reader.readString(field, type))
            case 10: streamClosed = try reader.readMessage(field, type, merging: streamClosed)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: communityId, field: 1)
        writer.writeIfNotDefault(int64: createdAt, field: 2)
        writer.writeIfNotDefault(enum: status, field: 3)
        if let endedAt { writer.write(int64: endedAt, field: 4) }
        for position in positions { writer.write(string: position, field: 5) }
        writer.writeIfNotDefault(bool: isMember, field: 6)
        writer.writeIfNotDefault(string: communityName, field: 7)
        if let communityImage { writer.write(string: communityImage, field: 8) }
        for world in worlds { writer.write(string: world, field: 9) }
        if let streamClosed { writer.write(message: streamClosed, field: 10) }
    }
}
