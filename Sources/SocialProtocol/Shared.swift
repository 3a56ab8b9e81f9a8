import Protobuf

// Shared types of social_service_v2.proto (spec §2.3). Singular message fields are Swift optionals:
// `nil` is "absent" and is not written; a set value is written even when it encodes to zero bytes.

/// `google.protobuf.Empty`: no fields; its payload is 0 bytes. Unknown fields are skipped.
public struct EmptyMessage: ProtoMessage {
    public init() {}

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (_, type) = try reader.nextField() { try reader.skip(type) }
    }

    public func encode(to writer: inout ProtoWriter) {}
}

/// `User { string address = 1; }`
public struct User: ProtoMessage {
    /// `address = 1`
    public var address: String = ""

    public init() {}

    /// A message with these field values.
    public init(address: String) { self.address = address }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: address = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: address, field: 1)
    }
}

/// `Pagination { int32 limit = 1; int32 offset = 2; }`
public struct Pagination: ProtoMessage {
    /// `limit = 1`
    public var limit: Int32 = 0
    /// `offset = 2`
    public var offset: Int32 = 0

    public init() {}

    /// A message with these field values.
    public init(limit: Int32, offset: Int32 = 0) {
        self.limit = limit
        self.offset = offset
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: limit = try reader.readInt32(field, type)
            case 2: offset = try reader.readInt32(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(int32: limit, field: 1)
        writer.writeIfNotDefault(int32: offset, field: 2)
    }
}

/// `PaginatedResponse { int32 total = 1; int32 page = 2; }`
public struct PaginatedResponse: ProtoMessage {
    /// `total = 1`
    public var total: Int32 = 0
    /// `page = 2`
    public var page: Int32 = 0

    public init() {}

    /// A message with these field values.
    public init(total: Int32, page: Int32) {
        self.total = total
        self.page = page
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: total = try reader.readInt32(field, type)
            case 2: page = try reader.readInt32(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(int32: total, field: 1)
        writer.writeIfNotDefault(int32: page, field: 2)
    }
}

/// `FriendProfile`: address=1, name=2, has_claimed_name=3, profile_picture_url=4, optional name_color=5.
public struct FriendProfile: ProtoMessage {
    /// `address = 1`
    public var address: String = ""
    /// `name = 2`
    public var name: String = ""
    /// `has_claimed_name = 3`
    public var hasClaimedName: Bool = false
    /// `profile_picture_url = 4`
    public var profilePictureUrl: String = ""
    /// `name_color = 5`
    public var nameColor: Color3? = nil

    public init() {}

    /// A message with these field values.
    public init(address: String, name: String = "", hasClaimedName: Bool = false,
                profilePictureUrl: String = "", nameColor: Color3? = nil) {
        self.address = address
        self.name = name
        self.hasClaimedName = hasClaimedName
        self.profilePictureUrl = profilePictureUrl
        self.nameColor = nameColor
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: address = try reader.readString(field, type)
            case 2: name = try reader.readString(field, type)
            case 3: hasClaimedName = try reader.readBool(field, type)
            case 4: profilePictureUrl = try reader.readString(field, type)
            case 5: nameColor = try reader.readMessage(field, type, merging: nameColor)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: address, field: 1)
        writer.writeIfNotDefault(string: name, field: 2)
        writer.writeIfNotDefault(bool: hasClaimedName, field: 3)
        writer.writeIfNotDefault(string: profilePictureUrl, field: 4)
        if let nameColor { writer.write(message: nameColor, field: 5) }
    }
}

/// `BlockedUserProfile`: address=1, name=2, has_claimed_name=3, profile_picture_url=4,
/// optional int64 blocked_at=5 (ms since epoch), optional name_color=6.
public struct BlockedUserProfile: ProtoMessage {
    /// `address = 1`
    public var address: String = ""
    /// `name = 2`
    public var name: String = ""
    /// `has_claimed_name = 3`
    public var hasClaimedName: Bool = false
    /// `profile_picture_url = 4`
    public var profilePictureUrl: String = ""
    /// `blocked_at = 5`
    public var blockedAt: Int64? = nil
    /// `name_color = 6`
    public var nameColor: Color3? = nil

    public init() {}

    /// A message with these field values.
    public init(address: String, name: String = "", hasClaimedName: Bool = false,
                profilePictureUrl: String = "", blockedAt: Int64? = nil, nameColor: Color3? = nil) {
        self.address = address
        self.name = name
        self.hasClaimedName = hasClaimedName
        self.profilePictureUrl = profilePictureUrl
        self.blockedAt = blockedAt
        self.nameColor = nameColor
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: address = try reader.readString(field, type)
            case 2: name = try reader.readString(field, type)
            case 3: hasClaimedName = try reader.readBool(field, type)
            case 4: profilePictureUrl = try reader.readString(field, type)
            case 5: blockedAt = try reader.readInt64(field, type)
            case 6: nameColor = try reader.readMessage(field, type, merging: nameColor)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: address, field: 1)
        writer.writeIfNotDefault(string: name, field: 2)
        writer.writeIfNotDefault(bool: hasClaimedName, field: 3)
        writer.writeIfNotDefault(string: profilePictureUrl, field: 4)
        if let blockedAt { writer.write(int64: blockedAt, field: 5) }
        if let nameColor { writer.write(message: nameColor, field: 6) }
    }
}
