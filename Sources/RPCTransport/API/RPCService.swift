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
    /// The handler is called only after the client acknowledged the stream offer (as with the
    /// reference's generated code). Elements are pulled one at a time: the next element is requested from
    /// the stream only after the client acknowledged the previous one. When the client cancels, the port
    /// is destroyed or the socket closes, the task iterating the stream is cancelled, so the stream's
    /// `onTermination` runs.
    /// - Parameters:
    ///   - name: the PascalCase rpc name advertised in REQUEST_MODULE_RESPONSE.
    ///   - handler: returns the element stream for a request; a thrown error (from the handler or the
    ///     stream) becomes a RemoteError.
    public mutating func serverStream<Request: ProtoMessage, Element: ProtoMessage>(
        _ name: String,
        _ handler: @escaping @Sendable (Request, RPCContext) async throws -> AsyncThrowingStream<Element, any Error>
    ) {
        procedures.append(RPCProcedure(name: name, kind: .serverStream { payload, context, sink in
            let request = try Request(serializedBytes: payload)
            let stream = try await handler(request, context)
            var iterator = stream.makeAsyncIterator()
            do {
                while let element = try await iterator.next() {
                    guard await sink.emit(element.serializedBytes()) else { break }
                }
            } catch {
                if !Task.isCancelled { throw error }
            }
            // Cancelled while not inside `next()` (waiting for an ack): one more `next()` in the cancelled
            // task makes the stream terminate now, running its `onTermination`, instead of at deallocation.
            if Task.isCancelled { _ = try? await iterator.next() }
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
        case serverStream(@Sendable ([UInt8], RPCContext, StreamElementSink) async throws -> Void)
    }

    let name: String
    let kind: Kind
}

/// Where a stream procedure delivers encoded elements; `emit` returns after the client acknowledged
/// the element, or `false` once the stream was cancelled.
struct StreamElementSink: Sendable {
    let emit: @Sendable ([UInt8]) async -> Bool
}
