import Protobuf

// UpsertFriendship request and response (spec §2.5).

/// `UpsertFriendshipPayload { oneof action { RequestPayload request = 1; AcceptPayload accept = 2;
/// RejectPayload reject = 4; DeletePayload delete = 5; CancelPayload cancel = 6; } }`
public struct UpsertFriendshipPayload: ProtoMessage {
    /// `.RequestPayload { User user = 1; optional string message = 3; }`
    public struct RequestPayload: ProtoMessage {
        /// `user = 1`
        public var user: User? = nil
        /// `message = 3`
        public var message: String? = nil

        public init() {}

        /// A message with these field values.
        public init(user: User?, message: String? = nil) {
            self.user = user
            self.message = message
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: user = try reader.readMessage(field, type, merging: user)
                case 3: message = try reader.readString(field, type)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let user { writer.write(message: user, field: 1) }
            if let message { writer.write(string: message, field: 3) }
        }
    }

    /// `.AcceptPayload { User user = 1; }`
    public struct AcceptPayload: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// `.RejectPayload { User user = 1; }`
    public struct RejectPayload: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// `.DeletePayload { User user = 1; }`
    public struct DeletePayload: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// `.CancelPayload { User user = 1; }`
    public struct CancelPayload: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// The `action` oneof.
    public enum Action: Sendable, Equatable {
        case request(RequestPayload)
        case accept(AcceptPayload)
        case reject(RejectPayload)
        case delete(DeletePayload)
        case cancel(CancelPayload)
    }

    /// The `action` oneof; `nil` when no case is set.
    public var action: Action? = nil

    public init() {}

    /// A message with these field values.
    public init(action: Action?) { self.action = action }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: action = .request(try reader.readMessage(field, type))
            case 2: action = .accept(try reader.readMessage(field, type))
            case 4: action = .reject(try reader.readMessage(field, type))
            case 5: action = .delete(try reader.readMessage(field, type))
            case 6: action = .cancel(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch action {
        case .request(let value): writer.write(message: value, field: 1)
        case .accept(let value): writer.write(message: value, field: 2)
        case .reject(let value): writer.write(message: value, field: 4)
        case .delete(let value): writer.write(message: value, field: 5)
        case .cancel(let value): writer.write(message: value, field: 6)
        case nil: break
        }
    }
}

/// `UpsertFriendshipResponse { oneof response { Accepted accepted = 1; InvalidFriendshipAction
/// invalid_friendship_action = 2; InternalServerError internal_server_error = 3; InvalidRequest invalid_request = 4; } }`
public struct UpsertFriendshipResponse: ProtoMessage {
    /// `.Accepted { string id = 1; int64 created_at = 2; FriendProfile friend = 3; optional string message = 4; }`
    public struct Accepted: ProtoMessage {
        /// `id = 1`
        public var id: String = ""
        /// `created_at = 2`
        public var createdAt: Int64 = 0
        /// `friend = 3`
        public var friend: FriendProfile? = nil
        /// `message = 4`
        public var message: String? = nil

        public init() {}

        /// A message with these field values.
        public init(id: String, createdAt: Int64, friend: FriendProfile?, message: String? = nil) {
            self.id = id
            self.createdAt = createdAt
            self.friend = friend
            self.message = message
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: id = try reader.readString(field, type)
                case 2: createdAt = try reader.readInt64(field, type)
                case 3: friend = try reader.readMessage(field, type, merging: friend)
                case 4: message = try reader.readString(field, type)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            writer.writeIfNotDefault(string: id, field: 1)
            writer.writeIfNotDefault(int64: createdAt, field: 2)
            if let friend { writer.write(message: friend, field: 3) }
            if let message { writer.write(string: message, field: 4) }
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case accepted(Accepted)
        case invalidFriendshipAction(InvalidFriendshipAction)
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
            case 1: response = .accepted(try reader.readMessage(field, type))
            case 2: response = .invalidFriendshipAction(try reader.readMessage(field, type))
            case 3: response = .internalServerError(try reader.readMessage(field, type))
            case 4: response = .invalidRequest(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .accepted(let value): writer.write(message: value, field: 1)
        case .invalidFriendshipAction(let value): writer.write(message: value, field: 2)
        case .internalServerError(let value): writer.write(message: value, field: 3)
        case .invalidRequest(let value): writer.write(message: value, field: 4)
        case nil: break
        }
    }
}
