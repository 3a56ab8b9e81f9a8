import Protobuf

// errors.proto (`package decentraland.social_service`, spec §2.4): seven messages of one shape,
// `optional string message = 1`. In a oneof they are written even when empty (`12 00`).

/// The shape every errors.proto message shares; the codec is implemented once here.
public protocol SocialServiceErrorMessage: ProtoMessage {
    /// `optional string message = 1`; written when non-nil, even if empty.
    var message: String? { get set }
}

extension SocialServiceErrorMessage {
    /// Decodes `message`, skipping unknown fields.
    /// - Throws: `ProtobufError` for malformed input.
    public init(serializedBytes bytes: [UInt8]) throws(ProtobufError) {
        self.init()
        var reader = ProtoReader(bytes)
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: message = try reader.readString(field, type)
            default: try reader.skip(type)
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        if let message { writer.write(string: message, field: 1) }
    }
}

/// `InvalidFriendshipAction { optional string message = 1; }`
public struct InvalidFriendshipAction: SocialServiceErrorMessage {
    /// `optional string message = 1`
    public var message: String?
    public init() {}
    /// A message with these field values.
    public init(message: String?) { self.message = message }
}

/// `InternalServerError { optional string message = 1; }`
public struct InternalServerError: SocialServiceErrorMessage {
    /// `optional string message = 1`
    public var message: String?
    public init() {}
    /// A message with these field values.
    public init(message: String?) { self.message = message }
}

/// `InvalidRequest { optional string message = 1; }`
public struct InvalidRequest: SocialServiceErrorMessage {
    /// `optional string message = 1`
    public var message: String?
    public init() {}
    /// A message with these field values.
    public init(message: String?) { self.message = message }
}

/// `ProfileNotFound { optional string message = 1; }`
public struct ProfileNotFound: SocialServiceErrorMessage {
    /// `optional string message = 1`
    public var message: String?
    public init() {}
    /// A message with these field values.
    public init(message: String?) { self.message = message }
}

/// `ConflictingError { optional string message = 1; }`
public struct ConflictingError: SocialServiceErrorMessage {
    /// `optional string message = 1`
    public var message: String?
    public init() {}
    /// A message with these field values.
    public init(message: String?) { self.message = message }
}

/// `ForbiddenError { optional string message = 1; }`
public struct ForbiddenError: SocialServiceErrorMessage {
    /// `optional string message = 1`
    public var message: String?
    public init() {}
    /// A message with these field values.
    public init(message: String?) { self.message = message }
}

/// `NotFoundError { optional string message = 1; }`
public struct NotFoundError: SocialServiceErrorMessage {
    /// `optional string message = 1`
    public var message: String?
    public init() {}
    /// A message with these field values.
    public init(message: String?) { self.message = message }
}
