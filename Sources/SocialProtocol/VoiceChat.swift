import Protobuf

// Private voice chat: shared shapes, the incoming-request query and the update stream element (spec §2.6,
// beyond the seed). SocialBridge answers these with an error variant;
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

/// `GetIncomingPrivateVoiceChatRequestResponse { oneof response { Ok ok = 1; NotFoundError not_found = 2;
/// InternalServerError internal_server_error = 3; } }` (note: internal_server_error is field 3 here).
public struct GetIncomingPrivateVoiceChatRequestResponse: ProtoMessage {
    /// `.Ok { User caller = 1; string call_id = 2; }`
    public struct Ok: ProtoMessage {
        /// `caller = 1`
        public var caller: User? = nil
        /// `call_id = 2`
        public var callId: String = ""

        public init() {}

        /// A message with these field values.
        public init(caller: User?, callId: String) {
            self.caller = caller
            self.callId = callId
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: caller = try reader.readMessage(field, type, merging: caller)
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
    /// `call_id = 1`
    public var callId: String = ""
    /// `status = 2`
    public var status: PrivateVoiceChatStatus = .protoDefault
    /// `caller = 3`
    public var caller: User? = nil
    /// `callee = 4`
    public var callee: User? = nil
    /// `credentials = 5`
    public var credentials: PrivateVoiceChatCredentials? = nil
    /// `stream_closed = 6`
    public var streamClosed: SubscriptionStreamClosed? = nil

    public init() {}

    /// A message with these field values.
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
            case 3: caller = try reader.readMessage(field, type, merging: caller)
            case 4: callee = try reader.readMessage(field, type, merging: callee)
            case 5: credentials = try reader.readMessage(field, type, merging: credentials)
            case 6: streamClosed = try reader.readMessage(field, type, merging: streamClosed)
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
