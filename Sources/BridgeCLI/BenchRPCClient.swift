import Protobuf
import RPCTransport

/// The `@dcl/rpc` client side `bench social` needs, over `LoopbackWebSocketClient`: authenticate, open a port
/// with the module, unary calls, a server stream's offer/ack dance. Blocking; one thread per instance.
final class BenchRPCClient {
    let socket: LoopbackWebSocketClient
    private(set) var portID: UInt32 = 0
    /// Procedure ids by name, from the module's REQUEST_MODULE answer.
    private(set) var procedures: [String: UInt32] = [:]
    private var number: UInt32 = 10

    /// Connects, sends `credential` as the first frame, waits for SERVER_READY and loads `module` on a port.
    init(port: Int, credential: String, module: String) throws {
        socket = try LoopbackWebSocketClient(port: port, timeoutSeconds: 15)
        try socket.sendText(credential)
        guard try socket.receive().payload == RpcMessageHeader.serverReady.serializedBytes() else {
            throw BenchFailure("no SERVER_READY (credential refused?)")
        }
        try socket.sendBinary(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "bench").serializedBytes())
        portID = try CreatePortResponse(serializedBytes: try socket.receive().payload).portID
        try socket.sendBinary(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: portID, moduleName: module).serializedBytes())
        let loaded = try RequestModuleResponse(serializedBytes: try socket.receive().payload)
        for procedure in loaded.procedures { procedures[procedure.procedureName] = procedure.procedureID }
    }

    /// The request frame of a call to `procedure` and its message number (built before timing starts).
    func requestFrame<Message: ProtoMessage>(_ procedure: String, _ request: Message) throws -> (frame: [UInt8], number: UInt32) {
        guard let id = procedures[procedure] else { throw BenchFailure("the module has no procedure \(procedure)") }
        number = number >= MessageIdentifier.maxMessageNumber ? 10 : number + 1
        let frame = Request(messageIdentifier: MessageIdentifier.make(.request, number), portID: portID, procedureID: id,
                            payload: request.serializedBytes()).serializedBytes()
        return (frame, number)
    }

    /// Waits for the RESPONSE to call `number` and returns its payload.
    func response(to number: UInt32) throws -> [UInt8] {
        let frame = try socket.receive()
        let header = try RpcMessageHeader(serializedBytes: frame.payload)
        guard header.messageIdentifier == MessageIdentifier.make(.response, number) else {
            throw BenchFailure("unexpected answer to call \(number) (type \(MessageIdentifier.rawType(of: header.messageIdentifier)))")
        }
        return try Response(serializedBytes: frame.payload).payload
    }

    /// Starts server stream `procedure` and acknowledges its offer; returns the stream's message number.
    func startStream<Message: ProtoMessage>(_ procedure: String, _ request: Message) throws -> UInt32 {
        let (frame, number) = try requestFrame(procedure, request)
        try socket.sendBinary(frame)
        let offer = try StreamMessage(serializedBytes: try socket.receive().payload)
        guard offer.messageIdentifier == MessageIdentifier.make(.streamMessage, number), offer.sequenceID == 0, !offer.closed else {
            throw BenchFailure("no stream offer for \(procedure)")
        }
        try acknowledge(stream: number, sequence: 0)
        return number
    }

    /// Reads the next element of stream `number` (payload and sequence id); does not acknowledge it.
    func nextElement(of number: UInt32) throws -> (payload: [UInt8], sequence: UInt32) {
        let message = try StreamMessage(serializedBytes: try socket.receive().payload)
        guard message.messageIdentifier == MessageIdentifier.make(.streamMessage, number), !message.closed else {
            throw BenchFailure("the stream ended or an unexpected frame arrived")
        }
        return (message.payload, message.sequenceID)
    }

    /// Asks for the element after `sequence`.
    func acknowledge(stream number: UInt32, sequence: UInt32) throws {
        try socket.sendBinary(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamAck, number), portID: portID,
                                            sequenceID: sequence, ack: true).serializedBytes())
    }
}
