import Protobuf

/// The 20 SocialService procedures beyond the seed (settings, communities, voice chat). They are advertised
/// so clients that resolve them by name keep working, and answer that the feature is not offered here:
/// unary calls with their response's `internal_server_error` variant, streams with one element carrying
/// only `stream_closed{reason: STREAM_CLOSED_UNKNOWN, message}` and then the end of the stream.
public enum NotOfferedProcedures {
    /// How a procedure answers.
    public enum Answer: Sendable, Equatable {
        /// Unary: the response's `internal_server_error` oneof field number.
        case internalServerError(field: Int)
        /// Server stream: the element's `stream_closed` field number.
        case streamClosed(field: Int)
    }

    /// One non-seed procedure.
    public struct Procedure: Sendable, Equatable {
        public let name: String
        public let answer: Answer
    }

    /// The message every non-seed procedure answers with.
    public static func message(for name: String) -> String {
        "\(name) is not offered by this server (SocialBridge serves friendships and blocks only)"
    }

    /// Procedures 14...33 in declaration order (spec §2.2) with their error field (spec §2.6).
    public static let all: [Procedure] = [
        .init(name: "GetSocialSettings", answer: .internalServerError(field: 2)),
        .init(name: "UpsertSocialSettings", answer: .internalServerError(field: 2)),
        .init(name: "GetPrivateMessagesSettings", answer: .internalServerError(field: 2)),
        .init(name: "SubscribeToCommunityMemberConnectivityUpdates", answer: .streamClosed(field: 4)),
        .init(name: "StartPrivateVoiceChat", answer: .internalServerError(field: 2)),
        .init(name: "AcceptPrivateVoiceChat", answer: .internalServerError(field: 2)),
        .init(name: "RejectPrivateVoiceChat", answer: .internalServerError(field: 2)),
        .init(name: "EndPrivateVoiceChat", answer: .internalServerError(field: 2)),
        .init(name: "GetIncomingPrivateVoiceChatRequest", answer: .internalServerError(field: 3)),
        .init(name: "SubscribeToPrivateVoiceChatUpdates", answer: .streamClosed(field: 6)),
        .init(name: "StartCommunityVoiceChat", answer: .internalServerError(field: 5)),
        .init(name: "JoinCommunityVoiceChat", answer: .internalServerError(field: 6)),
        .init(name: "RequestToSpeakInCommunityVoiceChat", answer: .internalServerError(field: 5)),
        .init(name: "PromoteSpeakerInCommunityVoiceChat", answer: .internalServerError(field: 5)),
        .init(name: "DemoteSpeakerInCommunityVoiceChat", answer: .internalServerError(field: 5)),
        .init(name: "KickPlayerFromCommunityVoiceChat", answer: .internalServerError(field: 5)),
        .init(name: "RejectSpeakRequestInCommunityVoiceChat", answer: .internalServerError(field: 5)),
        .init(name: "EndCommunityVoiceChat", answer: .internalServerError(field: 5)),
        .init(name: "SubscribeToCommunityVoiceChatUpdates", answer: .streamClosed(field: 10)),
        .init(name: "MuteSpeakerFromCommunityVoiceChat", answer: .internalServerError(field: 5)),
    ]
}

/// Any request payload of a procedure we do not offer: every field is skipped.
public struct IgnoredPayload: ProtoMessage {
    public init() {}

    public init(serializedBytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtoReader(serializedBytes)
        while let (_, type) = try reader.nextField() { try reader.skip(type) }
    }

    public func encode(to writer: inout ProtoWriter) {}
}

/// A response or stream element holding one sub-message at `field` whose only content is an optional
/// string at `messageField` (an `InternalServerError{message = 1}`) and, for `stream_closed`, nothing else
/// (`reason` stays STREAM_CLOSED_UNKNOWN = 0, the proto3 default, so it is omitted).
public struct NotOfferedAnswer: ProtoMessage {
    /// The oneof / optional field carrying the error.
    public var field: Int
    /// The error text.
    public var message: String
    /// Field number of the text inside the sub-message (1 for errors, 2 for `SubscriptionStreamClosed`).
    public var messageField: Int

    public init() {
        field = 1
        message = ""
        messageField = 1
    }

    public init(field: Int, message: String, messageField: Int) {
        self.field = field
        self.message = message
        self.messageField = messageField
    }

    /// Decodes the first length-delimited field as the answer (tests).
    public init(serializedBytes: [UInt8]) throws(ProtobufError) {
        self.init()
        var reader = ProtoReader(serializedBytes)
        while let (number, type) = try reader.nextField() {
            guard type == .lengthDelimited else { try reader.skip(type); continue }
            field = number
            var inner = ProtoReader(Array(try reader.readLengthDelimited()))
            while let (innerNumber, innerType) = try inner.nextField() {
                if innerType == .lengthDelimited {
                    messageField = innerNumber
                    message = String(decoding: try inner.readLengthDelimited(), as: UTF8.self)
                } else {
                    try inner.skip(innerType)
                }
            }
        }
    }

    public func encode(to writer: inout ProtoWriter) {
        var inner = ProtoWriter()
        inner.write(string: message, field: messageField)
        writer.write(bytes: inner.bytes, field: field)
    }
}
