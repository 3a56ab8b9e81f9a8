import Authentication
import BridgeDaemon
import CurlHTTP
import Foundation
import MatrixClient
import SocialRPC
import SocialStore

/// `social-bridge serve`: the Social Service RPC server on a SQLite database.
struct ServeCommand: Command {
    static let name = "serve"
    static let abstract = "Serve the Social Service WebSocket RPC on a SQLite database."
    static let discussion: String? = """
        Listens for @dcl/rpc clients over WebSocket (no TLS: terminate it at a proxy). The
        database is created when missing. Credentials: auth chains by default, plus Matrix
        access tokens when --homeserver names the legacy homeserver. Ctrl-C or SIGTERM closes
        every connection and stops.
        The configuration is read once at start: nothing is reloaded at runtime (restart to change
        it). SIGHUP only reopens --log-file (for log rotation); without one it is ignored.
        """
    static let options: [OptionSpec] = [
        .option("db", valueName: "file", help: "The SQLite database (created if missing).", required: true),
        .option("listen", valueName: "host:port", help: "Address to listen on.", defaultValue: "127.0.0.1:8085"),
        .option("auth", valueName: "kinds", help: "Accepted credentials: authchain, matrix or both, comma-separated."),
        .option("homeserver", valueName: "url", help: "The legacy Matrix homeserver (for Matrix access tokens)."),
        .option("server-name", valueName: "name", help: "The homeserver's Matrix server name (default: learned from --homeserver-token's whoami, else the URL's host)."),
        .option("profile-service", valueName: "url", help: "Profile service answering POST <url>/profiles."),
        .option("homeserver-token", valueName: "token", help: "Token to read display names and avatars from --homeserver.", secret: true),
        .option("away-after", valueName: "seconds", help: "Idle time before a user shows as AWAY (0: never).", defaultValue: "300"),
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let path: String = try arguments.required("db")
        let (host, port) = try parseListen(try arguments.required("listen"))
        let homeserver = arguments.string("homeserver")
        let kinds = try credentialKinds(arguments.string("auth"), homeserver: homeserver)
        guard let awaySeconds = Int64(try arguments.required("away-after", as: String.self)), awaySeconds >= 0 else {
            throw UsageError("--away-after must be a whole number of seconds")
        }
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let logger = context.log
        let log = logger.socialLog(component: "social-rpc")
        if arguments.string("homeserver-token") != nil, homeserver == nil { throw UsageError("--homeserver-token needs --homeserver URL") }
        var serverName = ""
        if let homeserver {
            serverName = try await resolveServerName(
                arguments.string("server-name"), homeserver: homeserver, token: arguments.string("homeserver-token"), transport: http)
        }
        var matrix: MatrixTokenAuthenticator?
        if kinds.contains(.matrix), let homeserver {
            matrix = MatrixTokenAuthenticator(resolver: MatrixWhoAmIResolver(homeserver: homeserver, transport: http), serverName: serverName)
        }
        let credentials = CredentialAuthenticator(authChainVerifier: kinds.contains(.authChain) ? AuthChainVerifier() : nil, matrixAuthenticator: matrix)
        let profiles: any ProfileSource
        if let url = arguments.string("profile-service") {
            profiles = HTTPProfileSource(baseURL: url, client: CurlProfileHTTPClient(transport: http), log: log)
        } else if let homeserver, let token = arguments.string("homeserver-token") {
            // The legacy homeserver's display names and avatars, when no profile service is named.
            profiles = MatrixProfileSource(
                fetcher: MatrixProfileFetcher(client: MatrixClient(homeserver: homeserver, accessToken: token, transport: http)),
                serverName: serverName, homeserverURL: homeserver, log: log)
        } else {
            profiles = FallbackProfileSource()
        }
        let store = try SocialStore(path: path)
        let metrics = ServerMetrics()
        let server = SocialServer(
            store: store, authenticator: CredentialConnectionAuthenticator(credentials, metrics: metrics) { log($0, level: .info) },
            profiles: profiles,
            configuration: .init(
                host: host, port: port, awayAfterMilliseconds: awaySeconds == 0 ? nil : awaySeconds * 1000,
                webSocketLogger: logger.webSocketLogger),
            metrics: metrics, log: log)
        let bound = try server.start()
        let hangups = reopenLogOnHangup(logger)
        defer { hangups.cancel() }
        logger.info("listening", [("address", .string("\(host):\(bound)")), ("credentials", .string(kinds.map(\.rawValue).sorted().joined(separator: ",")))])
        context.stdout.write("listening on ws://\(host.contains(":") ? "[\(host)]" : host):\(bound)/ (credentials: \(kinds.map(\.rawValue).sorted().joined(separator: ",")))\n")
        let signal = await waitForTerminationSignal()
        context.stdout.write("received \(signal), stopping\n")
        server.stop()
        return ExitCode.success
    }

    /// `host:port`, `[v6]:port`; port 0 picks a free one.
    static func parseListen(_ text: String) throws(UsageError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw UsageError("--listen must be HOST:PORT, got \"\(text)\"")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw UsageError("--listen must name a host, got \"\(text)\"") }
        return (host, port)
    }

    /// The homeserver's server name: `--server-name` when given; else the server part of the user id that
    /// `--homeserver-token` belongs to (the URL's host is often not the server name, e.g. `synapse.example.org`
    /// serving `example.org`); else the URL's host.
    /// - Throws: `UsageError` when nothing names it; `ServerNameError` when the token's whoami fails.
    static func resolveServerName(_ option: String?, homeserver: String, token: String?, transport: any HTTPTransport) async throws -> String {
        if let option {
            guard !option.isEmpty else { throw UsageError("--server-name must not be empty") }
            return option
        }
        if let token {
            let userID: String
            do {
                userID = try await MatrixClient(homeserver: homeserver, accessToken: token, transport: transport).whoAmI().userID
            } catch {
                throw ServerNameError(message: "cannot learn the server name from --homeserver-token (\(error.description)); pass --server-name")
            }
            guard let name = serverName(ofUserID: userID) else {
                throw ServerNameError(message: "whoami answered an unusable user id; pass --server-name")
            }
            return name
        }
        guard let host = URL(string: homeserver)?.host, !host.isEmpty else {
            throw UsageError("--server-name is required when --homeserver has no host")
        }
        return host
    }

    /// The server part of `@localpart:server` (which may itself hold a port), or nil.
    static func serverName(ofUserID userID: String) -> String? {
        guard userID.hasPrefix("@"), let colon = userID.firstIndex(of: ":") else { return nil }
        let server = userID[userID.index(after: colon)...]
        return server.isEmpty ? nil : String(server)
    }

    /// The accepted credential kinds: `--auth` as given, else authchain plus matrix with a homeserver.
    static func credentialKinds(_ option: String?, homeserver: String?) throws(UsageError) -> Set<CredentialKind> {
        guard let option else { return homeserver == nil ? [.authChain] : [.authChain, .matrix] }
        var kinds: Set<CredentialKind> = []
        for word in option.split(separator: ",", omittingEmptySubsequences: false) {
            guard let kind = CredentialKind(rawValue: word.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError("--auth accepts authchain and matrix, got \"\(word)\"")
            }
            kinds.insert(kind)
        }
        if kinds.contains(.matrix) && homeserver == nil { throw UsageError("--auth matrix needs --homeserver URL") }
        return kinds
    }

    /// SIGHUP reopens the log file (log rotation); serve reloads nothing else, and without a log file a
    /// SIGHUP is only logged, never the end of the process.
    static func reopenLogOnHangup(_ logger: Logger) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            do {
                if try logger.reopen() {
                    logger.info("SIGHUP: reopened the log file", [("file", .string(logger.filePath ?? ""))])
                } else {
                    logger.info("SIGHUP ignored: no --log-file to reopen, and serve reloads no configuration at runtime")
                }
            } catch {
                logger.error("SIGHUP: \(error)")
            }
        }
        source.resume()
        return source
    }

    /// Suspends until SIGINT or SIGTERM and names it.
    static func waitForTerminationSignal() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let once = ResumeOnce(continuation)
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { once.resume(name) }
                source.resume()
                once.keep(source)
            }
        }
    }
}

/// The server name could not be learned from the homeserver.
struct ServerNameError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Resumes a continuation at most once and keeps the signal sources alive meanwhile.
private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<String, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<String, Never>) { self.continuation = continuation }

    func keep(_ source: any DispatchSourceSignal) {
        lock.lock()
        sources.append(source)
        lock.unlock()
    }

    func resume(_ name: String) {
        lock.lock()
        let pending = continuation
        continuation = nil
        let held = sources
        sources = []
        lock.unlock()
        for source in held { source.cancel() }
        pending?.resume(returning: name)
    }
}
