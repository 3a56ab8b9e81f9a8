import Protobuf
import RPCTransport

/// An @dcl/rpc client over `BenchWebSocket`, one request in flight at a time (or one stream per client).
final class BenchRPCClient: @unchecked Sendable {
    private let socket: BenchWebSocket
    private var number: UInt32 = 0
    private var portID: UInt32 = 0
    private var procedures: [String: UInt32] = [:]
    private var streamNumber: UInt32 = 0
    private var lastSequence: UInt32 = 0

    /// Connects, sends `credential` as the first frame, opens a port and loads the SocialService module.
    init(port: Int, credential: String) throws {
        socket = try BenchWebSocket(port: port)
        try socket.send(opcode: 0x1, Array(credential.utf8))
        let ready = try RpcMessageHeader(serializedBytes: try nextBinary())
        guard MessageIdentifier.type(of: ready.messageIdentifier) == .serverReady else {
            throw BenchWebSocket.Failure(description: "first frame is not SERVER_READY")
        }
        portID = try CreatePortResponse(serializedBytes: try roundTrip(CreatePort(messageIdentifier: next(.createPort), portName: "bench"))).portID
        let module = try RequestModuleResponse(serializedBytes: try roundTrip(
            RequestModule(messageIdentifier: next(.requestModule), portID: portID, moduleName: "SocialService")))
        for procedure in module.procedures { procedures[procedure.procedureName] = procedure.procedureID }
    }

    /// A unary call; returns the response payload.
    func call(_ name: String, _ payload: [UInt8]) throws -> [UInt8] {
        let request = Request(messageIdentifier: next(.request), portID: portID, procedureID: procedures[name] ?? 0, payload: payload)
        return try Response(serializedBytes: try roundTrip(request)).payload
    }

    /// A WebSocket ping and its pong.
    func ping() throws {
        try socket.send(opcode: 0x9, [1, 2, 3, 4])
        while try socket.receive().opcode != 0xA {}
    }

    /// Starts a server stream and acknowledges its offer.
    func subscribe(_ name: String) throws {
        streamNumber = next(.request) & MessageIdentifier.maxMessageNumber
        try send(Request(messageIdentifier: MessageIdentifier.make(.request, streamNumber), portID: portID, procedureID: procedures[name] ?? 0))
        _ = try nextBinary()  // the offer (sequence 0)
        try acknowledge(0)
    }

    /// The next stream element's payload (acknowledged at once).
    func nextElement() throws -> [UInt8] {
        let message = try StreamMessage(serializedBytes: try nextBinary())
        guard !message.closed else { throw BenchWebSocket.Failure(description: "stream closed") }
        try acknowledge(message.sequenceID)
        return message.payload
    }

    private func acknowledge(_ sequence: UInt32) throws {
        try send(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamAck, streamNumber), portID: portID, sequenceID: sequence, ack: true))
    }

    private func next(_ type: RpcMessageTypes) -> UInt32 {
        number += 1
        return MessageIdentifier.make(type, number)
    }

    private func send<M: ProtoMessage>(_ message: M) throws { try socket.send(opcode: 0x2, message.serializedBytes()) }

    private func roundTrip<M: ProtoMessage>(_ message: M) throws -> [UInt8] {
        try send(message)
        return try nextBinary()
    }

    private func nextBinary() throws -> [UInt8] {
        while true {
            let frame = try socket.receive()
            if frame.opcode == 0x2 { return frame.payload }
            if frame.opcode == 0x8 { throw BenchWebSocket.Failure(description: "server closed the connection") }
        }
    }
}
