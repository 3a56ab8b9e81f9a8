import Protobuf

// Friend lists and friendship status (spec §2.5).

/// `GetFriendsPayload { optional Pagination pagination = 1; }` (old clients' field 2 `status` is skipped).
public struct GetFriendsPayload: ProtoMessage {
    /// `pagination = 1`
    public var pagination: Pagination? = nil

    public init() {}

    /// A message with these field values.
    public init(pagination: Pagination?) { self.pagination = pagination }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: pagination = try reader.readMessage(field, type, merging: pagination)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        if let pagination { writer.write(message: pagination, field: 1) }
    }
}

/// `GetMutualFriendsPayload { User user = 1; optional Pagination pagination = 2; }`
public struct GetMutualFriendsPayload: ProtoMessage {
    /// `user = 1`
    public var user: User? = nil
    /// `pagination = 2`
    public var pagination: Pagination? = nil

    public init() {}

    /// A message with these field values.
    public init(user: User?, pagination: Pagination? = nil) {
        self.user = user
        self.pagination = pagination
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: user = try reader.readMessage(field, type, merging: user)
            case 2: pagination = try reader.readMessage(field, type, merging: pagination)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        if let user { writer.write(message: user, field: 1) }
        if let pagination { writer.write(message: pagination, field: 2) }
    }
}

/// `PaginatedFriendsProfilesResponse { repeated FriendProfile friends = 1; PaginatedResponse pagination_data = 2; }`
/// The reference always sets `pagination_data`; set it and it is written even when `{}`.
public struct PaginatedFriendsProfilesResponse: ProtoMessage {
    /// `friends = 1`
    public var friends: [FriendProfile] = []
    /// `pagination_data = 2`
    public var paginationData: PaginatedResponse? = nil

    public init() {}

    /// A message with these field values.
    public init(friends: [FriendProfile], paginationData: PaginatedResponse?) {
        self.friends = friends
        self.paginationData = paginationData
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: friends.append(try reader.readMessage(field, type))
            case 2: paginationData = try reader.readMessage(field, type, merging: paginationData)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        for friend in friends { writer.write(message: friend, field: 1) }
        if let paginationData { writer.write(message: paginationData, field: 2) }
    }
}

/// `GetFriendshipStatusPayload { User user = 1; }`
public struct GetFriendshipStatusPayload: UserMessage {
    /// `user = 1`
    public var user: User? = nil
    public init() {}
    /// A message with these field values.
    public init(user: User?) { self.user = user }
}

/// `GetFriendshipStatusResponse { oneof response { Ok accepted = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; } }`
public struct GetFriendshipStatusResponse: ProtoMessage {
    /// `GetFriendshipStatusResponse.Ok { FriendshipStatus status = 1; optional string message = 2; }`
    public struct Ok: ProtoMessage {
        /// `status = 1`
        public var status: FriendshipStatus = .protoDefault
        /// `message = 2`
        public var message: String? = nil

        public init() {}

        /// A message with these field values.
        public init(status: FriendshipStatus, message: String? = nil) {
            self.status = status
            self.message = message
        }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: status = try reader.readEnum(field, type)
                case 2: message = try reader.readString(field, type)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            writer.writeIfNotDefault(enum: status, field: 1)
            if let message { writer.write(string: message, field: 2) }
        }
    }

    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case accepted(Ok)
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
            case 2: response = .internalServerError(try reader.readMessage(field, type))
            case 3: response = .invalidRequest(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .accepted(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case .invalidRequest(let value): writer.write(message: value, field: 3)
        case nil: break
        }
    }
}
