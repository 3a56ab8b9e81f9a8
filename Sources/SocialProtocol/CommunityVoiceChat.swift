import Protobuf

// Community voice chat (spec §2.6, beyond the seed). Several rpcs share a message shape; each shape's codec
// is implemented once in a protocol extension and the proto's message names are kept as distinct types.

/// The shape of payloads whose only field is `string community_id = 1`.
public protocol CommunityIdPayload: ProtoMessage {
    /// `string community_id = 1`
    var communityId: String { get set }
}

extension CommunityIdPayload {
    /// Decodes `community_id`, skipping unknown fields.
    /// - Throws: `ProtobufError` for malformed input.
    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        self.init()
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: communityId = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: communityId, field: 1)
    }
}

/// The shape of `{ string community_id = 1; string user_address = 2; }` (promote, demote, kick, reject speak request).
public protocol CommunityMemberPayload: ProtoMessage {
    var communityId: String { get set }
    var userAddress: String { get set }
}

extension CommunityMemberPayload {
    /// Decodes both fields, skipping unknown fields.
    /// - Throws: `ProtobufError` for malformed input.
    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        self.init()
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: communityId = try reader.readString(field, type)
            case 2: userAddress = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: communityId, field: 1)
        writer.writeIfNotDefault(string: userAddress, field: 2)
    }
}

/// `Ok { string message = 1; }` of the community voice chat action responses.
public struct CommunityVoiceChatActionOk: ProtoMessage {
    /// `message = 1`
    public var message: String = ""

    public init() {}

    /// A message with these field values.
    public init(message: String) { self.message = message }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: message = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: message, field: 1)
    }
}

/// The `response` oneof of the action responses: `ok = 1; invalid_request = 2; forbidden_error = 3;
/// not_found_error = 4; internal_server_error = 5;`
public enum CommunityVoiceChatActionResult: Sendable, Equatable {
    case ok(CommunityVoiceChatActionOk)
    case invalidRequest(InvalidRequest)
    case forbiddenError(ForbiddenError)
    case notFoundError(NotFoundError)
    case internalServerError(InternalServerError)
}

/// The shape of RequestToSpeak/PromoteSpeaker/DemoteSpeaker/KickPlayer/RejectSpeakRequest/End…Response.
public protocol CommunityVoiceChatActionResponse: ProtoMessage {
    /// The `response` oneof.
    var response: CommunityVoiceChatActionResult? { get set }
}

extension CommunityVoiceChatActionResponse {
    /// Decodes the oneof, skipping unknown fields.
    /// - Throws: `ProtobufError` for malformed input.
    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        self.init()
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: response = .ok(try reader.readMessage(field, type))
            case 2: response = .invalidRequest(try reader.readMessage(field, type))
            case 3: response = .forbiddenError(try reader.readMessage(field, type))
            case 4: response = .notFoundError(try reader.readMessage(field, type))
            case 5: response = .internalServerError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .invalidRequest(let value): writer.write(message: value, field: 2)
        case .forbiddenError(let value): writer.write(message: value, field: 3)
        case .notFoundError(let value): writer.write(message: value, field: 4)
        case .internalServerError(let value): writer.write(message: value, field: 5)
        case nil: break
        }
    }
}

/// `CommunityVoiceChatCredentials { string connection_url = 1; }`
public struct CommunityVoiceChatCredentials: ProtoMessage {
    /// `connection_url = 1`
    public var connectionUrl: String = ""

    public init() {}

    /// A message with these field values.
    public init(connectionUrl: String) { self.connectionUrl = connectionUrl }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: connectionUrl = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: connectionUrl, field: 1)
    }
}

/// `StartCommunityVoiceChatPayload { string community_id = 1; }`
public struct StartCommunityVoiceChatPayload: CommunityIdPayload {
    /// `community_id = 1`
    public var communityId: String = ""
    public init() {}
    /// A message with these field values.
    public init(communityId: String) { self.communityId = communityId }
}

/// `StartCommunityVoiceChatResponse { oneof response { Ok ok = 1; InvalidRequest invalid_request = 2;
/// ForbiddenError forbidden_error = 3; ConflictingError conflicting_error = 4; InternalServerError internal_server_error = 5; } }`
public struct StartCommunityVoiceChatResponse: ProtoMessage {
    /// `.Ok { CommunityVoiceChatCredentials credentials = 1; }`
    public struct Ok: ProtoMessage {
        /// `credentials = 1`
        public var credentials: CommunityVoiceChatCredentials? = nil

        public init() {}

        /// A message with these field values.
        public init(credentials: CommunityVoiceChatCredentials?) { self.credentials = credentials }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: credentials = try reader.readMessage(field, type, merging: credentials)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let credentials { writer.write(message: credentials, field: 1) }
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case invalidRequest(InvalidRequest)
        case forbiddenError(ForbiddenError)
        case conflictingError(ConflictingError)
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
            case 2: response = .invalidRequest(try reader.readMessage(field, type))
            case 3: response = .forbiddenError(try reader.readMessage(field, type))
            case 4: response = .conflictingError(try reader.readMessage(field, type))
            case 5: response = .internalServerError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .invalidRequest(let value): writer.write(message: value, field: 2)
        case .forbiddenError(let value): writer.write(message: value, field: 3)
        case .conflictingError(let value): writer.write(message: value, field: 4)
        case .internalServerError(let value): writer.write(message: value, field: 5)
        case nil: break
        }
    }
}

/// `JoinCommunityVoiceChatPayload { string community_id = 1; }`
public struct JoinCommunityVoiceChatPayload: CommunityIdPayload {
    /// `community_id = 1`
    public var communityId: String = ""
    public init() {}
    /// A message with these field values.
    public init(communityId: String) { self.communityId = communityId }
}

/// `JoinCommunityVoiceChatResponse { oneof response { Ok ok = 1; InvalidRequest invalid_request = 2;
/// ForbiddenError forbidden_error = 3; NotFoundError not_found_error = 4; ConflictingError conflicting_error = 5;
/// InternalServerError internal_server_error = 6; } }`
public struct JoinCommunityVoiceChatResponse: ProtoMessage {
    /// `.Ok { string voice_chat_id = 1; CommunityVoiceChatCredentials credentials = 2; }`
    public struct Ok: ProtoMessage {
        /// `voice_chat_id = 1`
        public var voiceChatId: String = ""
        /// `credentials = 2`
        public var credentials: CommunityVoiceChatCredentials? = nil

        public init() {}

        /// A message with these field values.
        public init(voiceChatId: String, credentials: CommunityVoiceChatCredentials?) {
            self.voiceChatId = voiceChatId
            self.credentials = credentials
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: voiceChatId = try reader.readString(field, type)
                case 2: credentials = try reader.readMessage(field, type, merging: credentials)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            writer.writeIfNotDefault(string: voiceChatId, field: 1)
            if let credentials { writer.write(message: credentials, field: 2) }
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case invalidRequest(InvalidRequest)
        case forbiddenError(ForbiddenError)
        case notFoundError(NotFoundError)
        case conflictingError(ConflictingError)
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
            case 2: response = .invalidRequest(try reader.readMessage(field, type))
            case 3: response = .forbiddenError(try reader.readMessage(field, type))
            case 4: response = .notFoundError(try reader.readMessage(field, type))
            case 5: response = .conflictingError(try reader.readMessage(field, type))
            case 6: response = .internalServerError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .invalidRequest(let value): writer.write(message: value, field: 2)
        case .forbiddenError(let value): writer.write(message: value, field: 3)
        case .notFoundError(let value): writer.write(message: value, field: 4)
        case .conflictingError(let value): writer.write(message: value, field: 5)
        case .internalServerError(let value): writer.write(message: value, field: 6)
        case nil: break
        }
    }
}
