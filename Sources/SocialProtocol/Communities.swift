import Protobuf

// Community member connectivity (spec §2.6, beyond the seed).

/// `CommunityMemberConnectivityUpdate { string community_id = 1; User member = 2; ConnectivityStatus status = 3;
/// optional SubscriptionStreamClosed stream_closed = 4; }`
public struct CommunityMemberConnectivityUpdate: ProtoMessage {
    /// `community_id = 1`
    public var communityId: String = ""
    /// `member = 2`
    public var member: User? = nil
    /// `status = 3`
    public var status: ConnectivityStatus = .protoDefault
    /// `stream_closed = 4`
    public var streamClosed: SubscriptionStreamClosed? = nil

    public init() {}

    /// A message with these field values.
    public init(communityId: String, member: User?, status: ConnectivityStatus, streamClosed: SubscriptionStreamClosed? = nil) {
        self.communityId = communityId
        self.member = member
        self.status = status
        self.streamClosed = streamClosed
    }

    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: communityId = try reader.readString(field, type)
            case 2: member = try reader.readMessage(field, type, merging: member)
            case 3: status = try reader.readEnum(field, type)
            case 4: streamClosed = try reader.readMessage(field, type, merging: streamClosed)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        writer.writeIfNotDefault(string: communityId, field: 1)
        if let member { writer.write(message: member, field: 2) }
        writer.writeIfNotDefault(enum: status, field: 3)
        if let streamClosed { writer.write(message: streamClosed, field: 4) }
    }
}
