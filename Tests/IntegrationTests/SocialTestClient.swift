import Foundation
import Protobuf
import RPCTransport
import SocialDomain

/// Test-only authenticator: the first frame is the caller's address in plain text.
struct AddressCredentialAuthenticator: ConnectionAuthenticator {
    struct Refused: Error {}
    func authenticate(credential: [UInt8]) async throws -> String {
        guard let address = Address(String(decoding: credential, as: UTF8.self)) else { throw Refused() }
        return address.rawValue
    }
}

/// A blocking `@dcl/rpc` client of the SocialService over a real socket, written from the spec (§1.5–§1.9):
/// authenticate, port and module, unary calls, and server streams whose ACKs the test sends itself (so it
/// can delay or refuse them). Frames of other calls that arrive meanwhile are kept for whoever asks.
/// One thread per client.
final class SocialTestClient: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let socket: LoopbackWebSocketClient
    private(set) var portID: UInt32 = 0
    private(set) var procedures: [String: UInt32] = [:]
    private var number: UInt32 = 10
    private var held: [[UInt8]] = []

    /// Connects, authenticates as `address` (with `AddressCredentialAuthenticator`) and loads SocialService.
    init(port: Int, address: Address) throws {
        socket = try LoopbackWebSocketClient(port: port, timeoutSeconds: 10)
        try socket.sendText(address.rawValue)
        guard try socket.receive().payload == RpcMessageHeader.serverReady.serializedBytes() else { throw Failure(description: "no SERVER_READY") }
        try send(CreatePort(messageIdentifier: MessageIdentifier.make(.createPort, 1), portName: "social_service"))
        portID = try CreatePortResponse(serializedBytes: try frame(number: 1)).portID
        try send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: portID, moduleName: "SocialService"))
        for procedure in try RequestModuleResponse(serializedBytes: try frame(number: 2)).procedures {
            procedures[procedure.procedureName] = procedure.procedureID
        }
    }

    func send<M: ProtoMessage>(_ message: M) throws { try socket.sendBinary(message.serializedBytes()) }

    /// The next frame whose message number is `number` (frames of other numbers are held back).
    func frame(number: UInt32) throws -> [UInt8] {
        if let index = try held.firstIndex(where: { try Self.number(of: $0) == number }) { return held.remove(at: index) }
        while true {
            let frame = try socket.receive()
            guard frame.opcode == 0x2 else { throw Failure(description: "unexpected frame opcode \(frame.opcode) \(frame.closeReason)") }
            if try Self.number(of: frame.payload) == number { return frame.payload }
            held.append(frame.payload)
        }
    }

    private static func number(of frame: [UInt8]) throws -> UInt32 {
        MessageIdentifier.number(of: try RpcMessageHeader(serializedBytes: frame).messageIdentifier)
    }

    private func request<M: ProtoMessage>(_ procedure: String, _ payload: M) throws -> UInt32 {
        guard let id = procedures[procedure] else { throw Failure(description: "no procedure \(procedure)") }
        number += 1
        try send(Request(messageIdentifier: MessageIdentifier.make(.request, number), portID: portID, procedureID: id,
                         payload: payload.serializedBytes()))
        return number
    }

    /// A unary call's decoded response.
    func call<Request: ProtoMessage, Response: ProtoMessage>(_ procedure: String, _ payload: Request, as _: Response.Type = Response.self) throws -> Response {
        let number = try request(procedure, payload)
        let frame = try frame(number: number)
        guard MessageIdentifier.type(of: try RpcMessageHeader(serializedBytes: frame).messageIdentifier) == .response else {
            throw Failure(description: "\(procedure) answered with a non-response frame")
        }
        return try Response(serializedBytes: try Response_(serializedBytes: frame).payload)
    }

    /// Starts server stream `procedure` and waits for its offer (sequence 0); does not acknowledge it.
    /// - Returns: the stream's message number.
    func openStream<Request: ProtoMessage>(_ procedure: String, _ payload: Request) throws -> UInt32 {
        let number = try request(procedure, payload)
        let offer = try StreamMessage(serializedBytes: try frame(number: number))
        guard offer.messageIdentifier == MessageIdentifier.make(.streamMessage, number), offer.sequenceID == 0, !offer.closed else {
            throw Failure(description: "no offer for \(procedure)")
        }
        return number
    }

    /// Asks for the element after `sequence` of stream `number`.
    func ack(_ number: UInt32, sequence: UInt32) throws {
        try send(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamAck, number), portID: portID, sequenceID: sequence, ack: true))
    }

    /// Refuses (or cancels) stream `number`.
    func cancel(_ number: UInt32, sequence: UInt32 = 0) throws {
        try send(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamMessage, number), portID: portID, sequenceID: sequence, closed: true))
    }

    /// The next element of stream `number`: its payload decoded as `Element`, checking consecutive ids.
    func element<Element: ProtoMessage>(of number: UInt32, expectedSequence: UInt32, as _: Element.Type = Element.self) throws -> Element {
        let message = try StreamMessage(serializedBytes: try frame(number: number))
        guard !message.closed else { throw Failure(description: "stream \(number) closed at \(message.sequenceID)") }
        guard message.sequenceID == expectedSequence else {
            throw Failure(description: "stream \(number): sequence \(message.sequenceID), expected \(expectedSequence)")
        }
        return try Element(serializedBytes: message.payload)
    }

    /// Acknowledges and reads `count` elements of stream `number`, starting after `sequence`.
    func take<Element: ProtoMessage>(_ count: Int, of number: UInt32, after sequence: UInt32 = 0, as _: Element.Type = Element.self) throws -> [Element] {
        var elements: [Element] = []
        for offset in 0..<UInt32(count) {
            try ack(number, sequence: sequence + offset)
            elements.append(try element(of: number, expectedSequence: sequence + offset + 1))
        }
        return elements
    }
}

/// `Response` of the transport (named apart from the generic parameter above).
typealias Response_ = RPCTransport.Response

/// Runs blocking socket code on a thread of its own, off the cooperative pool the server's tasks need.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
