import Protobuf

// Blocking (spec §2.5).

/// `BlockUserPayload { User user = 1; }`
public struct BlockUserPayload: UserMessage {
    /// `user = 1`
    public var user: User? = nil
    public init() {}
    /// A message with these field values.
    public init(user: User?) { self.user = user }
}

/// `UnblockUserPayload { User user = 1; }`
public struct UnblockUserPayload: UserMessage {
    /// `user = 1`
    public var user: User? = nil
    public init() {}
    /// A message with these field values.
    public init(user: User?) { self.user = user }
}

/// `BlockUserResponse { oneof response { Ok ok = 1; InternalServerError internal_server_error = 2;
/// InvalidRequest invalid_request = 3; ProfileNotFound profile_not_found = 4; } }`
public struct BlockUserResponse: ProtoMessage {
    /// `.Ok { BlockedUserProfile profile = 1; }`
    public struct Ok: ProtoMessage {
        /// `profile = 1`
        public var profile: BlockedUserProfile? = nil

        public init() {}

        /// A message with these field values.
        public init(profile: BlockedUserProfile?) { self.profile = profile }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: profile = try reader.readMessage(field, type, merging: profile)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let profile { writer.write(message: profile, field: 1) }
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

/// `UnblockUserResponse`: the same shape as `BlockUserResponse`.
public struct UnblockUserResponse: ProtoMessage {
    /// `.Ok { BlockedUserProfile profile = 1; }`
    public struct Ok: ProtoMessage {
        /// `profile = 1`
        public var profile: BlockedUserProfile? = nil

        public init() {}

        /// A message with these field values.
        public init(profile: BlockedUserProfile?) { self.profile = profile }

        public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
            var reader = ProtoReader(bytes)
            while let (field, type) = try reader.nextField() {
                switch field {
                case 1: profile = try reader.readMessage(field, type, merging: profile)
                default: try reader.skip(type)
                }
            }
        }

        public func encode(to writer: inout ProtoWriter) {
            if let profile { writer.write(message: profile, field: 1) }
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

/// `GetBlockedUsersPayload { optional Pagination pagination = 1; }`
public struct GetBlockedUsersPayload: ProtoMessage {
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

/// `GetBlockedUsersResponse { repeated BlockedUserProfile profiles = 1; PaginatedResponse pagination_data = 2; }`
public struct GetBlockedUsersResponse: ProtoMessage {
    /// `profiles = 1`
    public var profiles: [BlockedUserProfile] = []
    /// `pagination_data = 2`
    public var paginationData: PaginatedResponse? = nil

    public init() {}

    /// A message with these field values.
    public init(profiles: [BlockedUserProfile], paginationData: PaginatedResponse?) {
        self.profiles = profiles
        self.paginationData = paginationData
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: profiles.append(try reader.readMessage(field, type))
            case 2: paginationData = try reader.readMessage(field, type, merging: paginationData)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        for profile in profiles { writer.write(message: profile, field: 1) }
        if let paginationData { writer.write(message: paginationData, field: 2) }
    }
}

/// `GetBlockingStatusResponse { repeated string blocked_users = 1; repeated string blocked_by_users = 2; }`
public struct GetBlockingStatusResponse: ProtoMessage {
    /// Addresses the caller blocks.
    public var blockedUsers: [String] = []
    /// Addresses that block the caller.
    public var blockedByUsers: [String] = []

    public init() {}

    /// A message with these field values.
    public init(blockedUsers: [String], blockedByUsers: [String]) {
        self.blockedUsers = blockedUsers
        self.blockedByUsers = blockedByUsers
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: blockedUsers.append(try reader.readString(field, type))
            case 2: blockedByUsers.append(try reader.readString(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        for address in blockedUsers { writer.write(string: address, field: 1) }
        for address in blockedByUsers { writer.write(string: address, field: 2) }
    }
}
