import Protobuf

// Pending and sent friendship requests (spec §2.5).

/// `GetFriendshipRequestsPayload { optional Pagination pagination = 1; }`
public struct GetFriendshipRequestsPayload: ProtoMessage {
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

/// `FriendshipRequestResponse { FriendProfile friend = 1; int64 created_at = 2; optional string message = 3; string id = 4; }`
/// The reference writes `message: ""` when a request has none.
public struct FriendshipRequestResponse: ProtoMessage {
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
    public init(friend: FriendProfile?, createdAt: Int64, message: String?, id: String) {
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

/// `FriendshipRequests { repeated FriendshipRequestResponse requests = 1; }`
public struct FriendshipRequests: ProtoMessage {
    /// `requests = 1`
    public var requests: [FriendshipRequestResponse] = []

    public init() {}

    /// A message with these field values.
    public init(requests: [FriendshipRequestResponse]) { self.requests = requests }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: requests.append(try reader.readMessage(field, type))
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        for request in requests { writer.write(message: request, field: 1) }
    }
}

/// `PaginatedFriendshipRequestsResponse { oneof response { FriendshipRequests requests = 1;
/// InternalServerError internal_server_error = 2; } optional PaginatedResponse pagination_data = 3; }`
public struct PaginatedFriendshipRequestsResponse: ProtoMessage {
    /// The `response` oneof.
    public enum Response: Sendable, Equatable {
        case requests(FriendshipRequests)
        case internalServerError(InternalServerError)
    }

    /// The `response` oneof; `nil` when no case is set.
    public var response: Response? = nil
    /// `pagination_data = 3`
    public var paginationData: PaginatedResponse? = nil

    public init() {}

    /// A message with these field values.
    public init(response: Response?, paginationData: PaginatedResponse? = nil) {
        self.response = response
        self.paginationData = paginationData
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: response = .requests(try reader.readMessage(field, type))
            case 2: response = .internalServerError(try reader.readMessage(field, type))
            case 3: paginationData = try reader.readMessage(field, type, merging: paginationData)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        switch response {
        case .requests(let value): writer.write(message: value, field: 1)
        case .internalServerError(let value): writer.write(message: value, field: 2)
        case nil: break
        }
        if let paginationData { writer.write(message: paginationData, field: 3) }
    }
}
