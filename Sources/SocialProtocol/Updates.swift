import Protobuf

// Stream elements of the seed subscriptions (spec §2.5) and the close notice they may carry.

/// `SubscriptionStreamClosed { SubscriptionStreamClosedReason reason = 1; optional string message = 2; }`
public struct SubscriptionStreamClosed: ProtoMessage {
    /// `reason = 1`
    public var reason: SubscriptionStreamClosedReason = .protoDefault
    /// `message = 2`
    public var message: String? = nil

    public init() {}

    /// A message with these field values.
    public init(reason: SubscriptionStreamClosedReason, message: String? = nil) {
        self.reason = reason
        self.message = message
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: reason = try reader.readEnum(field, type)
            case 2: message = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(enum: reason, field: 1)
        if let message { writer.write(string: message, field: 2) }
    }
}

/// `FriendshipUpdate { oneof update { RequestResponse request = 1; AcceptResponse accept = 2; RejectResponse reject = 3;
/// DeleteResponse delete = 4; CancelResponse cancel = 5; BlockResponse block = 6; }
/// optional SubscriptionStreamClosed stream_closed = 7; }`
public struct FriendshipUpdate: ProtoMessage {
    /// `.RequestResponse { FriendProfile friend = 1; int64 created_at = 2; optional string message = 3; string id = 4; }`
    public struct RequestResponse: ProtoMessage {
        /// `friend = 1`
        public var friend: FriendProfile? = nil
        /// `created_at = 2`
        public var createdAt: Int64 = 0
        /// `message = 3`
        public var message: String? = nil
        /// `id = 4`
        public var id: String = ""

        public init() {}

        /// A message with these field values.
        public init(friend: FriendProfile?, createdAt: Int64, message: String? = nil, id: String) {
            self.friend = friend
            self.createdAt = createdAt
            self.message = message
            self.id = id
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: friend = try reader.readMessage(field, type, merging: friend)
                case 2: createdAt = try reader.readInt64(field, type)
                case 3: message = try reader.readString(field, type)
                case 4: id = try reader.readString(field, type)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let friend { writer.write(message: friend, field: 1) }
            writer.writeIfNotDefault(int64: createdAt, field: 2)
            if let message { writer.write(string: message, field: 3) }
            writer.writeIfNotDefault(string: id, field: 4)
        }
    }

    /// `.AcceptResponse { User user = 1; }`
    public struct AcceptResponse: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// `.RejectResponse { User user = 1; }`
    public struct RejectResponse: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// `.DeleteResponse { User user = 1; }`
    public struct DeleteResponse: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// `.CancelResponse { User user = 1; }`
    public struct CancelResponse: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// `.BlockResponse { User user = 1; }`
    public struct BlockResponse: UserMessage {
        /// `user = 1`
        public var user: User? = nil
        public init() {}
        /// A message with these field values.
        public init(user: User?) { self.user = user }
    }

    /// The `update` oneof.
    public enum Update: Sendable, Equatable {
        case request(RequestResponse)
        case accept(AcceptResponse)
        case reject(RejectResponse)
        case delete(DeleteResponse)
        case cancel(CancelResponse)
        case block(BlockResponse)
    }

    /// The `update` oneof; `nil` when no case is set.
    public var update: Update? = nil
    /// Set (with `update` unset) on the last element of a stream the server closes.
    public var streamClosed: SubscriptionStreamClosed? = nil

    public init() {}

    /// A message with these field values.
    public init(update: Update?, streamClosed: SubscriptionStreamClosed? = nil) {
        self.update = update
        self.streamClosed = streamClosed
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: update = .request(try reader.readMessage(field, type))
            case 2: update = .accept(try reader.readMessage(field, type))
            case 3: update = .reject(try reader.readMessage(field, type))
            case 4: update = .delete(try reader.readMessage(field, type))
            case 5: update = .cancel(try reader.readMessage(field, type))
            case 6: update = .block(try reader.readMessage(field, type))
            case 7: streamClosed = try reader.readMessage(field, type, merging: streamClosed)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch update {
        case .request(let value): writer.write(message: value, field: 1)
        case .accept(let value): writer.write(message: value, field: 2)
        case .reject(let value): writer.write(message: value, field: 3)
        case .delete(let value): writer.write(message: value, field: 4)
        case .cancel(let value): writer.write(message: value, field: 5)
        case .block(let value): writer.write(message: value, field: 6)
        case nil: break
        }
        if let streamClosed { writer.write(message: streamClosed, field: 7) }
    }
}

/// `FriendConnectivityUpdate { FriendProfile friend = 1; ConnectivityStatus status = 2;
/// optional SubscriptionStreamClosed stream_closed = 3; }`
public struct FriendConnectivityUpdate: ProtoMessage {
    /// `friend = 1`
    public var friend: FriendProfile? = nil
    /// `status = 2`
    public var status: ConnectivityStatus = .protoDefault
    /// `stream_closed = 3`
    public var streamClosed: SubscriptionStreamClosed? = nil

    public init() {}

    /// A message with these field values.
    public init(friend: FriendProfile?, status: ConnectivityStatus, streamClosed: SubscriptionStreamClosed? = nil) {
        self.friend = friend
        self.status = status
        self.streamClosed = streamClosed
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: friend = try reader.readMessage(field, type, merging: friend)
            case 2: status = try reader.readEnum(field, type)
            case 3: streamClosed = try reader.readMessage(field, type, merging: streamClosed)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        if let friend { writer.write(message: friend, field: 1) }
        writer.writeIfNotDefault(enum: status, field: 2)
        if let streamClosed { writer.write(message: streamClosed, field: 3) }
    }
}

/// `BlockUpdate { string address = 1; bool is_blocked = 2; optional SubscriptionStreamClosed stream_closed = 3; }`
/// `address` is the blocker.
public struct BlockUpdate: ProtoMessage {
    /// `address = 1`
    public var address: String = ""
    /// `is_blocked = 2`
    public var isBlocked: Bool = false
    /// `stream_closed = 3`
    public var streamClosed: SubscriptionStreamClosed? = nil

    public init() {}

    /// A message with these field values.
    public init(address: String, isBlocked: Bool, streamClosed: SubscriptionStreamClosed? = nil) {
        self.address = address
        self.isBlocked = isBlocked
        self.streamClosed = streamClosed
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: address = try reader.readString(field, type)
            case 2: isBlocked = try reader.readBool(field, type)
            case 3: streamClosed = try reader.readMessage(field, type, merging: streamClosed)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: address, field: 1)
        writer.writeIfNotDefault(bool: isBlocked, field: 2)
        if let streamClosed { writer.write(message: streamClosed, field: 3) }
    }
}
