import Foundation

/// One answer of Tests/Support/proto_peer.py (Google's protobuf runtime).
public struct PeerReply: Sendable {
    public var ok: Bool
    public var error: String?
    /// Bytes Python wrote (encode).
    public var hex: String?
    /// MessageToDict as sorted JSON, for comparisons.
    public var canonical: String?
    /// Set oneofs by dotted path → case name.
    public var oneofs: [String: String]
    /// `service` answers: (name, input, output, server_streaming).
    public var methods: [(name: String, input: String, output: String, serverStreaming: Bool)]
}

/// Runs Tests/Support/proto_peer.py once for a whole batch of commands (one process per suite keeps the tests fast).
/// Commands and replies are described in the script's docstring.
public enum ProtoPeer {
    /// Why a batch could not run.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Path of the peer script.
    public static var script: String {
        TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/proto_peer.py").path
    }

    /// Sends `commands` (JSON objects) and returns one reply per command, in order.
    /// - Throws: `Failure` when Python is missing, exits non-zero or answers out of step.
    public static func run(_ commands: [[String: Any]]) throws -> [PeerReply] {
        guard let python = TestEnvironment.python else { throw Failure(description: TestEnvironment.pythonMissingReason) }
        var input = Data()
        for command in commands {
            input.append(try JSONSerialization.data(withJSONObject: command))
            input.append(0x0A)
        }
        let result = try ProcessRunner.run(python, [script], input: input)
        guard result.status == 0 else {
            throw Failure(description: "proto_peer.py exited \(result.status): \(result.stderr)")
        }
        let lines = result.stdout.split(separator: "\n")
        guard lines.count == commands.count else {
            throw Failure(description: "proto_peer.py answered \(lines.count) of \(commands.count) commands: \(result.stderr)")
        }
        return try lines.map { line in try parse(Data(line.utf8)) }
    }

    private static func parse(_ data: Data) throws -> PeerReply {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "not a JSON object: \(String(decoding: data, as: UTF8.self))")
        }
        let methods = (object["methods"] as? [[String: Any]] ?? []).map { method in
            (name: method["name"] as? String ?? "", input: method["input"] as? String ?? "",
             output: method["output"] as? String ?? "", serverStreaming: method["server_streaming"] as? Bool ?? false)
        }
        return PeerReply(
            ok: object["ok"] as? Bool ?? false,
            error: object["error"] as? String,
            hex: object["hex"] as? String,
            canonical: object["canonical"] as? String,
            oneofs: object["oneofs"] as? [String: String] ?? [:],
            methods: methods)
    }
}

/// Hex text (no separators) → bytes, nil when malformed.
public func decodeHex(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(digits.count / 2)
    var i = 0
    while i < digits.count {
        guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
        out.append(byte)
        i += 2
    }
    return out
}
