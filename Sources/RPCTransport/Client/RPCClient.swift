import Protobuf

/// Why an RPC client call failed.
public enum RPCClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The WebSocket failed (connect, upgrade, lost connection, timeout).
    case transport(WebSocketClientError)
    /// The server closed the connection instead of accepting the credential (3003 Unauthorized, 3004 timeout).
    case refused(code: UInt16?, reason: String)
    /// The server answered REMOTE_ERROR_RESPONSE.
    case remote(String)
    /// The server sent something the transport protocol does not allow here.
    case unexpected(String)

    public var description: String {
        switch self {
        case .transport(let error): return error.description
        case .refused(let code?, let reason): return "the server refused the credential (close \(code)\(reason.isEmpty ? "" : " \(reason)"))"
        case .refused(nil, _): return "the server dropped the connection during authentication"
        case .remote(let message): return "remote error: \(message)"
        case .unexpected(let detail): return "unexpected answer from the server: \(detail)"
        }
    }
}

/// A blocking `@dcl/rpc` client over one `WebSocketClient` (rpc-protocol.md §1): the credential frame and
/// SERVER_READY, ports, modules, unary calls and server streams with one element in flight.
///
/// Single-threaded like its connection: one call at a time; frames that belong to no pending call are skipped.
public final class RPCClient: @unchecked Sendable {
    /// The connection (its `interrupt()` ends a wait from another thread).
    public let connection: WebSocketClient
    private var nextNumber: UInt32 = 1

    /// A client on an open connection.
    public init(connection: WebSocketClient) { self.connection = connection }

    /// Sends `credential` as the first frame (text, as the Unity client does) and waits for SERVER_READY.
    /// - Throws: `.refused` when the server closes the connection instead (bad credential), `.transport`, `.unexpected`.
    public func authenticate(credential: String, timeoutSeconds: Double = 15) throws(RPCClientError) {
        do { try connection.sendText(credential) } catch { throw .transport(error) }
        let message: WebSocketClient.Message
        do { message = try connection.receive(timeoutSeconds: timeoutSeconds) } catch {
            if case .closed(let code, let reason) = error { throw .refused(code: code, reason: reason) }
            throw .transport(error)
        }
        guard message.opcode == 0x2, let header = try? RpcMessageHeader(serializedBytes: message.payload),
              MessageIdentifier.type(of: header.messageIdentifier) == .serverReady
        else {
            throw .unexpected("the first frame after the credential is not SERVER_READY")
        }
    }

    /// CREATE_PORT. - Returns: the port id.
    public func createPort(name: String, timeoutSeconds: Double = 15) throws(RPCClientError) -> UInt32 {
        let number = allocate()
        try send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, number), portName: name))
        let bytes = try awaitFrame(number: number, types: [.createPortResponse], timeoutSeconds: timeoutSeconds).1
        do { return try CreatePortResponse(serializedBytes: bytes).portID } catch { throw .unexpected("CREATE_PORT_RESPONSE: \(error)") }
    }

    /// REQUEST_MODULE. - Returns: procedure ids by name.
    public func requestModule(_ module: String, port: UInt32, timeoutSeconds: Double = 15) throws(RPCClientError) -> [String: UInt32] {
        let number = allocate()
        try send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, number), portID: port, moduleName: module))
        let bytes = try awaitFrame(number: number, types: [.requestModuleResponse], timeoutSeconds: timeoutSeconds).1
        do {
            let response = try RequestModuleResponse(serializedBytes: bytes)
            return Dictionary(response.procedures.map { ($0.procedureName, $0.procedureID) }, uniquingKeysWith: { first, _ in first })
        } catch {
            throw .unexpected("REQUEST_MODULE_RESPONSE: \(error)")
        }
    }

    /// A unary call. - Returns: the encoded response message.
    public func call(port: UInt32, procedureID: UInt32, payload: [UInt8], timeoutSeconds: Double = 30) throws(RPCClientError) -> [UInt8] {
        let number = allocate()
        try send(Request(messageIdentifier: MessageIdentifier.make(.request, number), portID: port, procedureID: procedureID, payload: payload))
        let bytes = try awaitFrame(number: number, types: [.response], timeoutSeconds: timeoutSeconds).1
        do { return try Response(serializedBytes: bytes).payload } catch { throw .unexpected("RESPONSE: \(error)") }
    }

    /// Starts a server stream: sends the REQUEST and waits for the stream offer.
    /// - Returns: the stream, or nil elements at once if the server closed it in the offer.
    public func openStream(port: UInt32, procedureID: UInt32, payload: [UInt8], timeoutSeconds: Double = 30) throws(RPCClientError) -> RPCClientStream {
        let number = allocate()
        try send(Request(messageIdentifier: MessageIdentifier.make(.request, number), portID: port, procedureID: procedureID, payload: payload))
        let (_, bytes) = try awaitFrame(number: number, types: [.streamMessage], timeoutSeconds: timeoutSeconds)
        let offer: StreamMessage
        do { offer = try StreamMessage(serializedBytes: bytes) } catch { throw .unexpected("stream offer: \(error)") }
        return RPCClientStream(client: self, number: number, port: port, closed: offer.closed)
    }

    // MARK: - Frames

    func allocate() -> UInt32 {
        defer { nextNumber = nextNumber >= 0x0100_0000 ? 1 : nextNumber + 1 }
        return nextNumber
    }

    func send(_ message: some ProtoMessage) throws(RPCClientError) {
        do { try connection.sendBinary(message.serializedBytes()) } catch { throw .transport(error) }
    }

    /// The next frame numbered `number` of one of `types`; a REMOTE_ERROR_RESPONSE for it throws `.remote`.
    func awaitFrame(number: UInt32, types: Set<RpcMessageTypes>, timeoutSeconds: Double?) throws(RPCClientError) -> (RpcMessageTypes, [UInt8]) {
        while true {
            let message: WebSocketClient.Message
            do { message = try connection.receive(timeoutSeconds: timeoutSeconds) } catch { throw .transport(error) }
            guard message.opcode == 0x2 else { throw .unexpected("a text frame after authentication") }
            guard let header = try? RpcMessageHeader(serializedBytes: message.payload),
                  let type = MessageIdentifier.type(of: header.messageIdentifier)
            else { throw .unexpected("an undecodable transport message") }
            guard MessageIdentifier.number(of: header.messageIdentifier) == number else { continue }
            if type == .remoteErrorResponse {
                let error = try? RemoteError(serializedBytes: message.payload)
                throw .remote(error?.errorMessage ?? "")
            }
            if types.contains(type) { return (type, message.payload) }
        }
    }
}

/// One server stream of an `RPCClient`: `next()` acknowledges the previous element (asking the server for
/// the next one, as `@dcl/rpc` clients do) and waits for it.
public final class RPCClientStream: @unchecked Sendable {
    private let client: RPCClient
    private let number: UInt32
    private let port: UInt32
    private var lastSequence: UInt32 = 0
    private var isClosed: Bool

    init(client: RPCClient, number: UInt32, port: UInt32, closed: Bool) {
        self.client = client
        self.number = number
        self.port = port
        self.isClosed = closed
    }

    /// The next element's encoded message; nil once the server closed the stream.
    /// - Parameter timeoutSeconds: how long to wait (nil: until an element, a close or `interrupt()`).
    /// - Throws: `RPCClientError` (`.remote` when the handler failed).
    public func next(timeoutSeconds: Double? = nil) throws(RPCClientError) -> [UInt8]? {
        guard !isClosed else { return nil }
        try client.send(StreamMessage(
            messageIdentifier: MessageIdentifier.make(.streamAck, number), portID: port, sequenceID: lastSequence, ack: true))
        while true {
            let (_, bytes) = try client.awaitFrame(number: number, types: [.streamMessage], timeoutSeconds: timeoutSeconds)
            let element: StreamMessage
            do { element = try StreamMessage(serializedBytes: bytes) } catch { throw .unexpected("stream element: \(error)") }
            if element.closed {
                isClosed = true
                return nil
            }
            guard element.sequenceID > lastSequence else { continue }
            lastSequence = element.sequenceID
            return element.payload
        }
    }

    /// Tells the server to stop the stream (closed = true with the last sequence id received).
    public func cancel() {
        guard !isClosed else { return }
        isClosed = true
        try? client.send(StreamMessage(
            messageIdentifier: MessageIdentifier.make(.streamMessage, number), portID: port, sequenceID: lastSequence, closed: true))
    }
}
