import Protobuf
@testable import RPCTransport

/// Deterministic generator of hostile transport frames: random bytes, structurally valid messages with
/// random fields (every type 0...15), and mutations (bit flips, truncation, splices, type changes) of valid frames.
struct FrameFuzzer {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64: reproducible from the seed printed by a failing test.
    mutating func nextRandom() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(nextRandom() % UInt64(max(1, bound))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func bytes(maxCount: Int) -> [UInt8] {
        (0..<below(maxCount + 1)).map { _ in UInt8(truncatingIfNeeded: nextRandom()) }
    }

    /// A small number most of the time (so ports, procedures and streams that exist get hit), anything sometimes.
    mutating func number(typical: Int) -> UInt32 {
        chance(85) ? UInt32(below(typical + 1)) : UInt32(truncatingIfNeeded: nextRandom())
    }

    /// One frame; `ports` are port ids that exist on the session (targeted most of the time).
    /// `hostility`: percentage of random or mutated frames (a fifth of them random bytes); the rest are
    /// well-formed messages with random fields.
    mutating func frame(ports: [UInt32], hostility: Int = 20) -> [UInt8] {
        let roll = below(100)
        if roll < hostility / 5 { return bytes(maxCount: 48) }
        if roll < hostility { return mutate(validFrame(ports: ports)) }
        return validFrame(ports: ports)
    }

    mutating func validFrame(ports: [UInt32]) -> [UInt8] {
        // Mostly client message types; sometimes anything, including server-only and meaningless types.
        let clientTypes: [UInt32] = [1, 1, 1, 3, 3, 4, 4, 4, 5, 7, 10]
        let type = chance(92) ? clientTypes[below(clientTypes.count)] : UInt32(below(16))
        let identifier = MessageIdentifier.make(rawType: type, number(typical: 40))
        let port = chance(80) && !ports.isEmpty ? ports[below(ports.count)] : number(typical: 1000)
        switch type {
        case 1:
            let procedure = chance(80) ? UInt32(below(12)) : number(typical: 40)
            var payload: [UInt8]
            switch below(4) {
            case 0: payload = []
            case 1: payload = TestEcho(text: "fuzz", number: Int64(below(5))).serializedBytes()
            case 2: payload = bytes(maxCount: 24)
            default: payload = mutate(TestEcho(text: "x", number: Int64(below(1000))).serializedBytes())
            }
            return Request(messageIdentifier: identifier, portID: port, procedureID: procedure,
                           clientStream: chance(5) ? number(typical: 5) : 0, payload: payload).serializedBytes()
        case 3, 4:
            return StreamMessage(messageIdentifier: identifier, portID: port, sequenceID: number(typical: 4),
                                 payload: chance(10) ? bytes(maxCount: 8) : [], closed: chance(25), ack: chance(70)).serializedBytes()
        case 5:
            return CreatePort(messageIdentifier: identifier, portName: chance(50) ? "fuzz" : "").serializedBytes()
        case 7:
            return RequestModule(messageIdentifier: identifier, portID: port,
                                 moduleName: chance(80) ? "TestService" : "Other").serializedBytes()
        case 10:
            return DestroyPort(messageIdentifier: identifier, portID: port).serializedBytes()
        default:
            var frame = RpcMessageHeader(messageIdentifier: identifier).serializedBytes()
            if chance(50) { frame += bytes(maxCount: 16) }
            return frame
        }
    }

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var frame = input
        for _ in 0...below(3) {
            switch below(6) {
            case 0 where !frame.isEmpty:
                let index = below(frame.count)
                frame[index] ^= UInt8(1) << UInt8(below(8))
            case 1 where !frame.isEmpty:
                frame[below(frame.count)] = UInt8(truncatingIfNeeded: nextRandom())
            case 2 where !frame.isEmpty:
                frame.removeLast(below(frame.count) + 1)
            case 3:
                frame.insert(contentsOf: bytes(maxCount: 6), at: below(frame.count + 1))
            case 4 where frame.count >= 5:
                // Rewrite the type bits of a leading message_identifier.
                frame[4] = (frame[4] & 0x87) | UInt8(below(16) << 3)
            default:
                if !frame.isEmpty {
                    let start = below(frame.count)
                    frame += frame[start..<min(frame.count, start + below(8) + 1)]
                }
            }
        }
        return frame
    }
}

/// Checks that everything a server sends is a well-formed server message; counts outcomes.
struct ServerOutputValidator {
    private(set) var frames = 0
    private(set) var problems: [String] = []

    mutating func validate(_ frame: [UInt8]) {
        frames += 1
        do {
            let header = try RpcMessageHeader(serializedBytes: frame)
            switch MessageIdentifier.type(of: header.messageIdentifier) {
            case .response: _ = try Response(serializedBytes: frame)
            case .streamMessage: _ = try StreamMessage(serializedBytes: frame)
            case .createPortResponse: _ = try CreatePortResponse(serializedBytes: frame)
            case .requestModuleResponse:
                let module = try RequestModuleResponse(serializedBytes: frame)
                if module.procedures.count != TestProcedure.total { problems.append("module with \(module.procedures.count) procedures") }
            case .remoteErrorResponse:
                let error = try RemoteError(serializedBytes: frame)
                if error.errorMessage.isEmpty || error.errorCode != 0 { problems.append("bad RemoteError \(error)") }
            case .serverReady: problems.append("SERVER_READY after authentication")
            default: problems.append("server sent type \(MessageIdentifier.rawType(of: header.messageIdentifier))")
            }
        } catch {
            problems.append("undecodable server frame \(frame): \(error)")
        }
    }

    mutating func note(_ problem: String) { problems.append(problem) }
}
