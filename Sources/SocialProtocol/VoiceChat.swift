import Protobuf

// Private voice chat (spec §2.6, beyond the seed). SocialBridge answers these with an error variant;
// the messages are complete so requests decode and answers encode as the reference's would.

/// The shape of the messages whose only field is `string call_id = 1`; the codec is implemented once here.
public protocol CallIdMessage: ProtoMessage {
    /// `string call_id = 1`
    var callId: String { get set }
}

extension CallIdMessage {
    /// Decodes `call_id`, skipping unknown fields.
    /// - Throws: `ProtobufError` for malformed input.
    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        self.init()
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: callId = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: callId, field: 1)
    }
}

/// `PrivateVoiceChatCredentials { string connection_url = 1; }`
public struct PrivateVoiceChatCredentials: ProtoMessage {
    public var connectionUrl: String = ""

    public init() {}

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

/// `StartPrivateVoiceChatPayload { User callee = 1; }`
public struct StartPrivateVoiceChatPayload: ProtoMessage {
    public var callee: User? = nil

    public init() {}

    public init(callee: User?) { self.callee = callee }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: callee = try reader.readMessage(field, type)
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
        public var callId: String = ""
        public init() {}
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

    public var response: Response? = nil

    public init() {}

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
    public var callId: String = ""
    public init() {}
    public init(callId: String) { self.callId = callId }
}

/// `AcceptPrivateVoiceChatResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; NotFoundError not_found = 4; ForbiddenError forbidden_error = 5; } }`
public struct AcceptPrivateVoiceChatResponse: ProtoMessage {
    /// `.Ok { string call_id = 1; PrivateVoiceChatCredentials credentials = 2; }`
    public struct Ok: ProtoMessage {
        public var callId: String = ""
        public var credentials: PrivateVoiceChatCredentials? = nil

        public init() {}

        public init(callId: String, credentials: PrivateVoiceChatCredentials?) {
            self.callId = callId
            self.credentials = credentials
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: callId = try reader.readString(field, type)
                case 2: credentials = try reader.readMessage(field, type)
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

    public var response: Response? = nil

    public init() {}

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
    public var callId: String = ""
    public init() {}
    public init(callId: String) { self.callId = callId }
}

/// `RejectPrivateVoiceChatResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; NotFoundError not_found = 4; } }`
public struct RejectPrivateVoiceChatResponse: ProtoMessage {
    /// `.Ok { string call_id = 1; }`
    public struct Ok: CallIdMessage {
        public var callId: String = ""
        public init() {}
        public init(callId: String) { self.callId = callId }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
        case invalidRequest(InvalidRequest)
        case notFound(NotFoundError)
    }

    public var response: Response? = nil

    public init() {}

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
    public var callId: String = ""
    public init() {}
    public init(callId: String) { self.callId = callId }
}

/// `EndPrivateVoiceChatResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// NotFoundError not_found = 3; } }`
public struct EndPrivateVoiceChatResponse: ProtoMessage {
    /// `.Ok { string call_id = 1; }`
    public struct Ok: CallIdMessage {
        public var callId: String = ""
        public init() {}
        public init(callId: String) { self.callId = callId }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case internalServerError(InternalServerError)
        case notFound(NotFoundError)
    }

    public var response: Response? = nil

    public init() {}

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

/// `GetIncomingPrivateVoiceChatRequestResponse { oneof response { Ok ok = 1; NotFoundError not_found = 2;
/// InternalServerError internal_server_error = 3; } }` (note: internal_server_error is field 3 here).
public struct GetIncomingPrivateVoiceChatRequestResponse: ProtoMessage {
    /// `.Ok { User caller = 1; string call_id = 2; }`
    public struct Ok: ProtoMessage {
        public var caller: User? = nil
        public var callId: String = ""

        public init() {}

        public init(caller: User?, callId: String) {
            self.caller = caller
            self.callId = callId
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: caller = try reader.readMessage(field, type)
                case 2: callId = try reader.readString(field, type)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let caller { writer.write(message: caller, field: 1) }
            writer.writeIfNotDefault(string: callId, field: 2)
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case ok(Ok)
        case notFound(NotFoundError)
        case internalServerError(InternalServerError)
    }

    public var response: Response? = nil

    public init() {}

    public init(response: Response?) { self.response = response }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: response = .ok(try reader.readMessage(field, type))
            case 2: response = .notFound(try reader.readMessage(field, type))
            case 3: response = .internalServerError(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .ok(let value): writer.write(message: value, field: 1)
        case .notFound(let value): writer.write(message: value, field: 2)
        case .internalServerError(let value): writer.write(message: value, field: 3)
        case nil: break
        }
    }
}

/// `PrivateVoiceChatUpdate { string call_id = 1; PrivateVoiceChatStatus status = 2; optional User caller = 3;
/// optional User callee = 4; optional PrivateVoiceChatCredentials credentials = 5; optional SubscriptionStreamClosed stream_closed = 6; }`
public struct PrivateVoiceChatUpdate: ProtoMessage {
    public var callId: String = ""
    public var status: PrivateVoiceChatStatus = .protoDefault
    public var caller: User? = nil
    public var callee: User? = nil
    public var credentials: PrivateVoiceChatCredentials? = nil
    public var streamClosed: SubscriptionStreamClosed? = nil

    public init() {}

    public init(callId: String, status: PrivateVoiceChatStatus, caller: User? = nil, callee: User? = nil,
                credentials: PrivateVoiceChatCredentials? = nil, streamClosed: SubscriptionStreamClosed? = nil) {
        self.callId = callId
        self.status = status
        self.caller = caller
        self.callee = callee
        self.credentials = credentials
        self.streamClosed = streamClosed
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: callId = try reader.readString(field, type)
            case 2: status = try reader.readEnum(field, type)
            case 3: caller = try reader.readMessage(field, type)
            case 4: callee = try reader.readMessage(field, type)
            case 5: credentials = try reader.readMessage(field, type)
            case 6: streamClosed = try reader.readMessage(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: callId, field: 1)
        writer.writeIfNotDefault(enum: status, field: 2)
        if let caller { writer.write(message: caller, field: 3) }
        if let callee { writer.write(message: callee, field: 4) }
        if let credentials { writer.write(message: credentials, field: 5) }
        if let streamClosed { writer.write(message: streamClosed, field: 6) }
    }
}
