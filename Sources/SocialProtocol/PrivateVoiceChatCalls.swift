import Protobuf

// Private voice chat calls: start, accept, reject, end (spec §2.6, beyond the seed). SocialBridge answers
// them with an error variant; the messages are complete so requests decode and answers encode as the
// reference's would. Shared shapes are in VoiceChat.swift.

/// `StartPrivateVoiceChatPayload { User callee = 1; }`
public struct StartPrivateVoiceChatPayload: ProtoMessage {
    /// `callee = 1`
    public var callee: User? = nil

    public init() {}

    /// A message with these field values.
    public init(callee: User?) { self.callee = callee }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: callee = try reader.readMessage(field, type, merging: callee)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        if let callee { writer.write(message: callee, field: 1) }
    }
}

/// `StartPrivateVoiceChatResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; ConflictingError conflicting_error = 4; ForbiddenError forbidden_error = 5; } }`
public struct StartPrivateVoiceChatResponse: ProtoMessage {
    /// `.Ok { string call_id = 1; }`
    public struct Ok: CallIdMessage {
        /// `call_id = 1`
        public var callId: String = ""
        public init() {}
        /// A message with these field values.
        public init(callId: String) { self.callId = callId }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
        case invalidRequest(InvalidRequest)
        case conflictingError(ConflictingError)
        case forbiddenError(ForbiddenError)
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
            case 4: response = .conflictingError(try reader.readMessage(field, type))
            case 5: response = .forbiddenError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case .invalidRequest(let value): writer.write(message: value, field: 3)
        case .conflictingError(let value): writer.write(message: value, field: 4)
        case .forbiddenError(let value): writer.write(message: value, field: 5)
        case nil: break
        }
    }
}

/// `AcceptPrivateVoiceChatPayload { string call_id = 1; }`
public struct AcceptPrivateVoiceChatPayload: CallIdMessage {
    /// `call_id = 1`
    public var callId: String = ""
    public init() {}
    /// A message with these field values.
    public init(callId: String) { self.callId = callId }
}

/// `AcceptPrivateVoiceChatResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; NotFoundError not_found = 4; ForbiddenError forbidden_error = 5; } }`
public struct AcceptPrivateVoiceChatResponse: ProtoMessage {
    /// `.Ok { string call_id = 1; PrivateVoiceChatCredentials credentials = 2; }`
    public struct Ok: ProtoMessage {
        /// `call_id = 1`
        public var callId: String = ""
        /// `credentials = 2`
        public var credentials: PrivateVoiceChatCredentials? = nil

        public init() {}

        /// A message with these field values.
        public init(callId: String, credentials: PrivateVoiceChatCredentials?) {
            self.callId = callId
            self.credentials = credentials
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: callId = try reader.readString(field, type)
                case 2: credentials = try reader.readMessage(field, type, merging: credentials)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            writer.writeIfNotDefault(string: callId, field: 1)
            if let credentials { writer.write(message: credentials, field: 2) }
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
        case invalidRequest(InvalidRequest)
        case notFound(NotFoundError)
        case forbiddenError(ForbiddenError)
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
            case 4: response = .notFound(try reader.readMessage(field, type))
            case 5: response = .forbiddenError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case .invalidRequest(let value): writer.write(message: value, field: 3)
        case .notFound(let value): writer.write(message: value, field: 4)
        case .forbiddenError(let value): writer.write(message: value, field: 5)
        case nil: break
        }
    }
}

/// `RejectPrivateVoiceChatPayload { string call_id = 1; }`
public struct RejectPrivateVoiceChatPayload: CallIdMessage {
    /// `call_id = 1`
    public var callId: String = ""
    public init() {}
    /// A message with these field values.
    public init(callId: String) { self.callId = callId }
}

/// `RejectPrivateVoiceChatResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; NotFoundError not_found = 4; } }`
public struct RejectPrivateVoiceChatResponse: ProtoMessage {
    /// `.Ok { string call_id = 1; }`
    public struct Ok: CallIdMessage {
        /// `call_id = 1`
        public var callId: String = ""
        public init() {}
        /// A message with these field values.
        public init(callId: String) { self.callId = callId }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
        case invalidRequest(InvalidRequest)
        case notFound(NotFoundError)
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
            case 4: response = .notFound(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case .invalidRequest(let value): writer.write(message: value, field: 3)
        case .notFound(let value): writer.write(message: value, field: 4)
        case nil: break
        }
    }
}

/// `EndPrivateVoiceChatPayload { string call_id = 1; }`
public struct EndPrivateVoiceChatPayload: CallIdMessage {
    /// `call_id = 1`
    public var callId: String = ""
    public init() {}
    /// A message with these field values.
    public init(callId: String) { self.callId = callId }
}

/// `EndPrivateVoiceChatResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// NotFoundError not_found = 3; } }`
public struct EndPrivateVoiceChatResponse: ProtoMessage {
    /// `.Ok { string call_id = 1; }`
    public struct Ok: CallIdMessage {
        /// `call_id = 1`
        public var callId: String = ""
        public init() {}
        /// A message with these field values.
        public init(callId: String) { self.callId = callId }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
        case notFound(NotFoundError)
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
            case 3: response = .notFound(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case .notFound(let value): writer.write(message: value, field: 3)
        case nil: break
        }
    }
}
