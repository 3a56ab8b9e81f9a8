import Protobuf

/// The descriptor tables of `social_service_v2.proto` (generated from protoc's descriptors into
/// `SocialServiceSchema+Generated.swift`): every message and enum by full name, and every rpc with its
/// request and response types, so any procedure can be called with a JSON payload (`social-bridge call`).
public enum SocialServiceSchema {
    /// One rpc of the service as the `.proto` declares it.
    public struct Procedure: Sendable, Equatable {
        /// The PascalCase rpc name (the `procedure_name` on the wire).
        public var name: String
        /// Full name of the request message.
        public var input: String
        /// Full name of the response (or stream element) message.
        public var output: String
        /// Whether the rpc returns a stream.
        public var serverStreaming: Bool

        /// An rpc.
        public init(_ name: String, input: String, output: String, serverStreaming: Bool) {
            self.name = name
            self.input = input
            self.output = output
            self.serverStreaming = serverStreaming
        }
    }

    /// Every type, for `ProtoJSONCodec`.
    public static let schema = ProtoSchema(messages: messages, enums: enums)

    /// JSON ↔ protobuf for every message of the service.
    public static let codec = ProtoJSONCodec(schema: schema)

    /// The rpc called `name` (case-sensitive, as on the wire), or nil.
    public static func procedure(named name: String) -> Procedure? { procedures.first { $0.name == name } }
}
