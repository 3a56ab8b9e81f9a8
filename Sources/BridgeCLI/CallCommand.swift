import Authentication
import BridgeCrypto
import BridgeJSON
import Foundation
import Protobuf
import RPCTransport
import SocialProtocol

/// `social-bridge call`: a small `@dcl/rpc` client for trying a server — authenticate, call one
/// SocialService procedure with a JSON payload, print the answer as JSON.
enum CallCommand: Command {
    static let name = "call"
    static let abstract = "Call one SocialService procedure with a JSON payload and print the answer as JSON."
    static let discussion: String? = {
        var text = """
            Connects to --url, authenticates with a Matrix access token (--matrix-token-file) or with an \
            auth chain signed here from an Ethereum private key (--private-key-file: a fresh ephemeral key \
            is delegated for one hour, as Decentraland clients do), calls PROCEDURE with --json (field \
            names as in the .proto file; see --describe) and prints the response as JSON on stdout. For a \
            stream, the first element is printed; with --follow every element is printed, one JSON object \
            per line, until the server ends the stream or Ctrl-C. 64-bit integers are printed as numbers.
            Exit codes: 0 success, 1 failure (refused credential, unreachable server, remote error), 2 usage error.

            PROCEDURES (* stream; - not offered by SocialBridge, answers an error variant):

            """
        for procedure in SocialServiceSchema.procedures {
            let offered = SocialServiceProcedures.all.first { $0.name == procedure.name }?.isSeed ?? false
            let mark = (procedure.serverStreaming ? "*" : " ") + (offered ? " " : "-")
            text += "  \(mark) \(procedure.name)\n"
        }
        return String(text.dropLast())
    }()
    static let arguments = [ArgumentSpec("procedure", help: "The rpc to call, e.g. GetFriends (see the list above).")]
    static let options: [OptionSpec] = [
        .option("url", valueName: "ws-url", help: "The server (ws:// only; terminate TLS elsewhere).", defaultValue: "ws://127.0.0.1:8085/"),
        .option("matrix-token", valueName: "token", help: "Authenticate with this Matrix access token.", secret: true),
        .option("private-key", valueName: "hex", help: "Authenticate with an auth chain signed by this Ethereum private key (64 hex digits).", secret: true),
        .option("json", valueName: "payload", help: "The request as JSON ('-' reads stdin).", defaultValue: "{}"),
        .flag("follow", help: "For a stream: print every element until the stream ends or Ctrl-C."),
        .option("timeout", valueName: "seconds", help: "Bound on connecting, authenticating and each answer (not on --follow's waits).", defaultValue: "10"),
        .flag("describe", help: "Print the request and response message fields of PROCEDURE and exit, without connecting."),
    ]

    /// The port name sent in CREATE_PORT (informational for the server).
    static let portName = "social-bridge-call"

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let name = arguments.positional("procedure") ?? ""
        guard let procedure = SocialServiceSchema.procedure(named: name) else {
            let near = SocialServiceSchema.procedures.first { $0.name.lowercased() == name.lowercased() }
            throw UsageError("Unknown procedure '\(name)'" + (near.map { "; did you mean \($0.name)?" } ?? "; see 'social-bridge call --help'"))
        }
        if arguments.flag("describe") {
            context.stdout.write(describe(procedure))
            return ExitCode.success
        }
        let follow = arguments.flag("follow")
        if follow && !procedure.serverStreaming { throw UsageError("--follow is for streams; \(procedure.name) is a unary call") }
        guard let timeout = Double(try arguments.required("timeout", as: String.self)), timeout > 0, timeout.isFinite else {
            throw UsageError("--timeout must be a positive number of seconds")
        }
        let endpoint: WebSocketClient.Endpoint
        do { endpoint = try WebSocketClient.Endpoint(url: try arguments.required("url")) } catch { throw UsageError("--url: \(error)") }
        let payload = try requestPayload(arguments, procedure: procedure)
        let credential = try makeCredential(arguments)
        context.log.addSecrets([credential.text])

        let output = context.stdout
        let log = context.log
        let call = CallSession(endpoint: endpoint, procedure: procedure, payload: payload, credential: credential.text,
                               timeout: timeout, follow: follow, output: output, log: log)
        var interrupts: (any DispatchSourceSignal)?
        if follow {
            // Ctrl-C ends --follow cleanly: the stream is cancelled and the connection closed 1000.
            signal(SIGINT, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            source.setEventHandler { call.interrupt() }
            source.resume()
            interrupts = source
        }
        defer {
            interrupts?.cancel()
            if follow { signal(SIGINT, SIG_DFL) }
        }
        log.debug("calling \(procedure.name)", [("url", .string("ws://\(endpoint.host):\(endpoint.port)\(endpoint.path)")), ("identity", .string(credential.identity))])
        try await runOnOwnThread { try call.run() }
        return ExitCode.success
    }

    /// The request bytes: `--json` (or stdin) encoded as the procedure's input message.
    static func requestPayload(_ arguments: ParsedArguments, procedure: SocialServiceSchema.Procedure) throws -> [UInt8] {
        var text: String = try arguments.required("json")
        if text == "-" { text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        let json: JSON
        do { json = try JSON(parsing: text) } catch { throw UsageError("--json is not valid JSON: \(error)") }
        do { return try SocialServiceSchema.codec.encode(json, as: procedure.input) } catch {
            throw UsageError("--json does not fit \(shortName(procedure.input)): \(error) (see 'social-bridge call \(procedure.name) --describe')")
        }
    }

    /// The first frame: `{"matrix_access_token": …}` or a freshly signed auth chain.
    static func makeCredential(_ arguments: ParsedArguments) throws -> (text: String, identity: String) {
        let token = arguments.string("matrix-token")
        let key = arguments.string("private-key")
        switch (token, key) {
        case (let token?, nil):
            let text = JSON.object([JSON.Member(CredentialAuthenticator.matrixTokenKey, .string(token))]).serialized()
            return (text, "Matrix access token")
        case (nil, let key?):
            let owner: Secp256k1PrivateKey
            do { owner = try Secp256k1PrivateKey(hex: key) } catch { throw UsageError("--private-key: \(error)") }
            let signer = AuthChainSigner(owner: owner)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            return (signer.credential(nowMilliseconds: now), signer.ownerAddress)
        case (nil, nil):
            throw UsageError("Give a credential: --matrix-token-file FILE or --private-key-file FILE (or SOCIAL_BRIDGE_MATRIX_TOKEN / SOCIAL_BRIDGE_PRIVATE_KEY)")
        case (_?, _?):
            throw UsageError("Give one credential: --matrix-token… or --private-key…, not both")
        }
    }

    /// `--describe`: both messages, field by field, nested messages expanded once.
    static func describe(_ procedure: SocialServiceSchema.Procedure) -> String {
        var out = "\(procedure.name)\(procedure.serverStreaming ? " (stream)" : "")\n"
        out += "request \(shortName(procedure.input)):\n"
        describeMessage(procedure.input, indent: 1, seen: [], into: &out)
        out += "\(procedure.serverStreaming ? "stream element" : "response") \(shortName(procedure.output)):\n"
        describeMessage(procedure.output, indent: 1, seen: [], into: &out)
        return out
    }

    private static func describeMessage(_ type: String, indent: Int, seen: Set<String>, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        guard let message = SocialServiceSchema.schema.messages[type] else { return }
        if message.fields.isEmpty { out += pad + "(no fields: {})\n" }
        for field in message.fields {
            var line = pad + field.name + ": "
            if field.label == .repeated { line += "repeated " }
            if field.label == .optional { line += "optional " }
            switch field.type {
            case .scalar(let scalar): line += scalar.rawValue
            case .message(let name): line += shortName(name)
            case .enumeration(let name):
                let values = SocialServiceSchema.schema.enums[name]?.values.map(\.name) ?? []
                line += "\(shortName(name)) (\(values.joined(separator: " | ")))"
            }
            if let oneof = field.oneof { line += "  [oneof \(oneof)]" }
            out += line + "\n"
            if case .message(let name) = field.type, !seen.contains(name) {
                describeMessage(name, indent: indent + 1, seen: seen.union([type, name]), into: &out)
            }
        }
    }

    static func shortName(_ type: String) -> String {
        let parts = type.split(separator: ".")
        // Keep nested names readable: UpsertFriendshipPayload.RequestPayload.
        let tail = parts.drop { $0.first?.isLowercase ?? true }
        return tail.isEmpty ? type : tail.joined(separator: ".")
    }
}

/// A failed call, reported as `Error: …` with exit 1.
struct CallError: Error, CustomStringConvertible {
    var description: String
}

/// One `call` run on its own thread: the blocking client, the output, and the interrupt flag.
final class CallSession: @unchecked Sendable {
    let endpoint: WebSocketClient.Endpoint
    let procedure: SocialServiceSchema.Procedure
    let payload: [UInt8]
    let credential: String
    let timeout: Double
    let follow: Bool
    let output: any TextOutput
    let log: Logger
    private let lock = NSLock()
    private var connection: WebSocketClient?
    private var interrupted = false

    init(endpoint: WebSocketClient.Endpoint, procedure: SocialServiceSchema.Procedure, payload: [UInt8], credential: String,
         timeout: Double, follow: Bool, output: any TextOutput, log: Logger) {
        self.endpoint = endpoint
        self.procedure = procedure
        self.payload = payload
        self.credential = credential
        self.timeout = timeout
        self.follow = follow
        self.output = output
        self.log = log
    }

    /// Ctrl-C: wakes the blocked read; `run` then cancels the stream and closes the connection.
    func interrupt() {
        let connection = lock.withLock { () -> WebSocketClient? in
            interrupted = true
            return self.connection
        }
        connection?.interrupt()
    }

    private var wasInterrupted: Bool { lock.withLock { interrupted } }

    func run() throws {
        let connection: WebSocketClient
        do { connection = try WebSocketClient(endpoint: endpoint, timeoutSeconds: timeout) } catch { throw CallError(description: "\(error)") }
        lock.withLock { self.connection = connection }
        defer { connection.closeSocket() }
        let client = RPCClient(connection: connection)
        do {
            try client.authenticate(credential: credential, timeoutSeconds: timeout)
            let port = try client.createPort(name: CallCommand.portName, timeoutSeconds: timeout)
            let procedures = try client.requestModule(SocialServiceProcedures.moduleName, port: port, timeoutSeconds: timeout)
            guard let id = procedures[procedure.name] else {
                throw CallError(description: "the server does not offer \(procedure.name) (module \(SocialServiceProcedures.moduleName))")
            }
            if !procedure.serverStreaming {
                let response = try client.call(port: port, procedureID: id, payload: payload, timeoutSeconds: timeout)
                output.line(try render(response, pretty: true))
                connection.close()
                return
            }
            let stream = try client.openStream(port: port, procedureID: id, payload: payload, timeoutSeconds: timeout)
            try readStream(stream, connection: connection)
        } catch let error as RPCClientError {
            if case .refused = error {
                throw CallError(description: "\(error): check the token or the key, and the server's --auth kinds")
            }
            throw CallError(description: "\(error)")
        }
    }

    private func readStream(_ stream: RPCClientStream, connection: WebSocketClient) throws {
        if follow { log.info("subscribed to \(procedure.name): one JSON line per element; Ctrl-C stops") }
        while true {
            let element: [UInt8]?
            do {
                element = try stream.next(timeoutSeconds: follow ? nil : timeout)
            } catch {
                if wasInterrupted {
                    stream.cancel()
                    connection.close()
                    return
                }
                if !follow, case .transport(.timeout) = error {
                    log.info("no element within \(timeout) s; --follow keeps waiting")
                    stream.cancel()
                    connection.close()
                    return
                }
                throw error
            }
            guard let element else {
                log.info("the server ended the stream")
                connection.close()
                return
            }
            output.line(try render(element, pretty: false))
            if !follow {
                stream.cancel()
                connection.close()
                return
            }
        }
    }

    private func render(_ bytes: [UInt8], pretty: Bool) throws -> String {
        do { return try SocialServiceSchema.codec.decode(bytes, as: procedure.output).serialized(pretty: pretty) } catch {
            throw CallError(description: "cannot decode the \(CallCommand.shortName(procedure.output)) the server sent: \(error)")
        }
    }
}

/// Runs blocking work on a thread of its own: the cooperative pool has two threads on a 2-core machine.
func runOnOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
