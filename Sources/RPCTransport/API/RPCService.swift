import Protobuf

/// A module offered on every port: its name (what REQUEST_MODULE asks for, e.g. `"SocialService"`) and
/// its procedures, whose ids are 1... in registration order (register in the proto's declaration order).
public struct RPCService: Sendable {
    /// The module name clients request.
    public let name: String
    /// Registered procedures; index + 1 is the procedure id.
    private(set) var procedures: [RPCProcedure] = []

    /// - Parameter name: the module name clients request.
    public init(name: String) { self.name = name }

    /// Procedure names in id order (id = index + 1).
    public var procedureNames: [String] { procedures.map(\.name) }

    /// Registers a unary procedure under the next id.
    /// - Parameters:
    ///   - name: the PascalCase rpc name advertised in REQUEST_MODULE_RESPONSE.
    ///   - handler: decodes nothing itself: it receives the decoded request and the caller's context;
    ///     a thrown `RPCRemoteError` becomes the client's RemoteError text.
    public mutating func unary<Request: ProtoMessage, Response: ProtoMessage>(
        _ name: String, _ handler: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        procedures.append(RPCProcedure(name: name, kind: .unary { payload, context in
            let request = try Request(serializedBytes: payload)
            return try await handler(request, context).serializedBytes()
        }))
    }

    /// Registers a server-streaming procedure under the next id.
    ///
    /// The handler runs as soon as the REQUEST arrives, and the stream offer (sequence 0) is queued only
    /// once it has returned: whatever it registers (a subscription) is live before the client can see
    /// the offer, so nothing committed after the offer was sent is missed. Keep it quick (register,
    /// snapshot; leave slow lookups such as profiles to the first pull), since it delays the offer.
    /// Elements are pulled one at a time, the first only after the client acknowledged the offer and
    /// each next one after the previous one's ACK; until then the stream buffers what arrives. A setup
    /// error (thrown by the handler, or an undecodable request) still reaches the client as the
    /// reference's offer → ACK → RemoteError. When the client refuses the offer or cancels, the port is
    /// destroyed or the socket closes, the stream is terminated at once (its `onTermination` runs):
    /// released if it is not being pulled, its pulling task cancelled if it is.
    /// - Parameters:
    ///   - name: the PascalCase rpc name advertised in REQUEST_MODULE_RESPONSE.
    ///   - handler: returns the element stream for a request; a thrown error (from the handler or the
    ///     stream) becomes a RemoteError.
    public mutating func serverStream<Request: ProtoMessage, Element: ProtoMessage>(
        _ name: String,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> AsyncThrowingStream<Element, any Error>
    ) {
        procedures.append(RPCProcedure(name: name, kind: .serverStream { payload, context in
            let request = try Request(serializedBytes: payload)
            return ElementSource(try await handler(request, context))
        }))
    }

    /// The procedure with a wire id (1-based), if any.
    func procedure(id: UInt32) -> RPCProcedure? {
        guard id >= 1, Int(id) <= procedures.count else { return nil }
        return procedures[Int(id) - 1]
    }
}

/// A registered procedure, erased to bytes in and bytes out.
struct RPCProcedure: Sendable {
    enum Kind: Sendable {
        case unary(@Sendable ([UInt8], RPCContext) async throws -> [UInt8])
        /// Opens the stream (the handler's setup); the session pulls the source after the offer's ACK.
        case serverStream(@Sendable ([UInt8], RPCContext) async throws -> any StreamElementSource)
    }

    let name: String
    let kind: Kind
}

/// An opened server stream, pulled one encoded element at a time by a single consumer (the session's
/// driver task). Releasing it, or cancelling the task while it waits in `next()`, terminates the
/// handler's stream.
protocol StreamElementSource: AnyObject, Sendable {
    /// The next element, or nil when the stream ended.
    /// - Throws: the stream's error.
    func next() async throws -> [UInt8]?
}

/// A handler's `AsyncThrowingStream` as a `StreamElementSource`. Only its iterator is kept: dropping it
/// drops the stream's last reference, which runs the stream's `onTermination`.
final class ElementSource<Element: ProtoMessage>: StreamElementSource, @unchecked Sendable {
    // One consumer at a time (the session hands the source to exactly one pull), hence unchecked.
    private var iterator: AsyncThrowingStream<Element, any Error>.AsyncIterator

    init(_ stream: AsyncThrowingStream<Element, any Error>) { iterator = stream.makeAsyncIterator() }

    func next() async throws -> [UInt8]? { try await iterator.next()?.serializedBytes() }
}
