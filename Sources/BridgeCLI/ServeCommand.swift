import Authentication
import BridgeDaemon
import CurlHTTP
import Foundation
import MatrixClient
import Migration
import RPCTransport
import SocialRPC
import SocialStore
import Sync

/// `social-bridge serve`: the Social Service RPC server on a SQLite database.
struct ServeCommand: Command {
    static let name = "serve"
    static let abstract = "Serve the Social Service WebSocket RPC on a SQLite database."
    static let discussion: String? = """
        Listens for @dcl/rpc clients over WebSocket (no TLS: terminate it at a proxy). The
        database is created when missing. Credentials: auth chains by default, plus Matrix
        access tokens when --homeserver names the legacy homeserver. Ctrl-C or SIGTERM closes
        every connection and stops.

        During the transition, --sync follows new Matrix activity into the database (pushed by
        Synapse to /_matrix/app/v1 on this port with --registration, or polled), and --mirror
        writes every RPC action back into Matrix as the acting user through a durable outbox.
        SIGTERM finishes the Matrix writes in flight and leaves the rest of the outbox for the
        next start. Nothing is reloaded at runtime.

        The configuration is read once at start: nothing is reloaded at runtime (restart to change
        it). SIGHUP only reopens --log-file (for log rotation); without one it is ignored.
        """
    static let options: [OptionSpec] = [
        .option("db", valueName: "file", help: "The SQLite database (created if missing).", required: true),
        .option("listen", valueName: "host:port", help: "Address to listen on: IPv4, [IPv6] (e.g. [::1]:8085, [::]:8085) or localhost.", defaultValue: "127.0.0.1:8085"),
        .option("auth", valueName: "kinds", help: "Accepted credentials: authchain, matrix or both, comma-separated."),
        .option("homeserver", valueName: "url", help: "The legacy Matrix homeserver (for Matrix access tokens)."),
        .option("server-name", valueName: "name", help: "The homeserver's Matrix server name (default: learned from --admin-token's whoami, else the URL's host)."),
        .option("profile-service", valueName: "url", help: "Profile service answering POST <url>/profiles."),
        .option("admin-token", valueName: "token", help: "Server-admin token of --homeserver: sync and mirror reads, display names and avatars.",
                secret: true, aliases: ["homeserver-token"]),
        .option("registration", valueName: "file", help: "Appservice registration YAML written by generate-registration (hs_token, as_token).",
                secretFile: true),
        .option("sync", valueName: "mode", help: "Follow new Matrix activity: appservice (pushed by Synapse, needs --registration), poll, or off (default: appservice with --registration, else off).",
                allowedValues: ["appservice", "poll", "off"]),
        .option("poll-interval", valueName: "seconds", help: "Seconds between passes with --sync poll.", defaultValue: "10"),
        .option("reconcile-interval", valueName: "seconds", help: "Seconds between reconcile passes with --sync appservice.", defaultValue: "300"),
        .flag("mirror", help: "Write every RPC action into Matrix as the acting user (durable outbox; needs --admin-token)."),
        .option("mapping", valueName: "name|file", help: "Legacy layout mapping for sync and mirror: a built-in name (see 'mappings list') or a JSON file.",
                defaultValue: Mapping.defaultBuiltInName),
        .option("away-after", valueName: "seconds", help: "Idle time before a user shows as AWAY (0: never).", defaultValue: "300"),
        .option("header-timeout", valueName: "seconds", help: "Time a client has to send a complete HTTP request head; past it 408 and close.", defaultValue: "10"),
        .option("max-pending-auth", valueName: "n", help: "WebSocket connections allowed to wait for authentication at once; past it new upgrades get 503.", defaultValue: "10000"),
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let path: String = try arguments.required("db")
        let (host, port) = try parseListen(try arguments.required("listen"))
        let homeserver = arguments.string("homeserver")
        let kinds = try credentialKinds(arguments.string("auth"), homeserver: homeserver)
        guard let awaySeconds = Int64(try arguments.required("away-after", as: String.self)), awaySeconds >= 0 else {
            throw UsageError("--away-after must be a whole number of seconds")
        }
        let frontDoor = try frontDoorLimits(
            headerTimeout: try arguments.required("header-timeout"), maxPendingAuth: try arguments.required("max-pending-auth"))
        // Sync reads and up to 16 mirror deliveries share the homeserver connections with profile and whoami calls.
        let http = CurlHTTPClient(configuration: HTTPClientConfiguration(maxConcurrency: 32))
        defer { http.shutdown() }
        let logger = context.log
        let log = logger.socialLog(component: "social-rpc")
        let adminToken = arguments.string("admin-token")
        if adminToken != nil, homeserver == nil { throw UsageError("--admin-token needs --homeserver URL") }
        let transition = try transitionOptions(arguments, homeserver: homeserver, adminToken: adminToken)
        var serverName = ""
        if let homeserver {
            serverName = try await resolveServerName(
                arguments.string("server-name"), homeserver: homeserver, token: adminToken, transport: http)
        }
        var matrix: MatrixTokenAuthenticator?
        if kinds.contains(.matrix), let homeserver {
            matrix = MatrixTokenAuthenticator(resolver: MatrixWhoAmIResolver(homeserver: homeserver, transport: http), serverName: serverName)
        }
        let credentials = CredentialAuthenticator(authChainVerifier: kinds.contains(.authChain) ? AuthChainVerifier() : nil, matrixAuthenticator: matrix)
        let profiles: any ProfileSource
        if let url = arguments.string("profile-service") {
            profiles = HTTPProfileSource(baseURL: url, client: CurlProfileHTTPClient(transport: http), log: log)
        } else if let homeserver, let token = adminToken {
            // The legacy homeserver's display names and avatars, when no profile service is named.
            profiles = MatrixProfileSource(
                fetcher: MatrixProfileFetcher(client: MatrixClient(homeserver: homeserver, accessToken: token, transport: http)),
                serverName: serverName, homeserverURL: homeserver, log: log)
        } else {
            profiles = FallbackProfileSource()
        }
        let store = try SocialStore(path: path, options: .init(recordsMirrorOutbox: transition?.mirror ?? false))
        let metrics = ServerMetrics()
        var configuration = SocialServer.Configuration(
            host: host, port: port, awayAfterMilliseconds: awaySeconds == 0 ? nil : awaySeconds * 1000,
            rpc: RPCServerConfiguration(maxPendingAuthentication: frontDoor.maxPendingAuth), headerTimeout: frontDoor.headerTimeout,
            webSocketLogger: logger.webSocketLogger)
        configuration.transition = transition.map { options in
            TransitionBridge.Configuration(
                homeserver: options.homeserver, adminToken: options.adminToken, serverName: serverName, mapping: options.mapping,
                registration: options.registration, sync: options.sync, pollInterval: options.pollInterval,
                reconcileInterval: options.reconcileInterval, mirror: options.mirror)
        }
        let server = SocialServer(
            store: store, authenticator: CredentialConnectionAuthenticator(credentials, metrics: metrics) { log($0, level: .info) },
            profiles: profiles, configuration: configuration, metrics: metrics, log: log, homeserverTransport: http)
        let bound = try server.start()
        let hangups = reopenLogOnHangup(logger)
        defer { hangups.cancel() }
        logger.info("listening", [("address", .string("\(host):\(bound)")), ("credentials", .string(kinds.map(\.rawValue).sorted().joined(separator: ",")))])
        context.stdout.write("listening on ws://\(host.contains(":") ? "[\(host)]" : host):\(bound)/ (credentials: \(kinds.map(\.rawValue).sorted().joined(separator: ",")))\n")
        if let transition {
            context.stdout.write("transition: sync \(transition.sync.rawValue)\(transition.mirror ? ", mirror on" : ", mirror off"), homeserver \(transition.homeserver) (\(serverName))\n")
        }
        let signal = await waitForTerminationSignal()
        context.stdout.write("received \(signal), stopping\n")
        await server.drainTransition()
        server.stop()
        return ExitCode.success
    }

    /// The transition flags, validated.
    struct TransitionOptions {
        var homeserver: String
        var adminToken: String
        var mapping: Mapping
        var registration: AppServiceRegistration?
        var sync: SyncMode
        var pollInterval: Duration
        var reconcileInterval: Duration
        var mirror: Bool
    }

    /// `--registration`, `--sync`, `--poll-interval`, `--reconcile-interval`, `--mirror`; nil when neither
    /// sync nor the mirror is asked for.
    static func transitionOptions(_ arguments: ParsedArguments, homeserver: String?, adminToken: String?) throws -> TransitionOptions? {
        let registrationPath = arguments.string("registration")
        let sync: SyncMode
        if let mode = arguments.string("sync") {
            guard let parsed = SyncMode(rawValue: mode) else { throw UsageError("--sync accepts appservice, poll or off") }
            sync = parsed
        } else {
            sync = registrationPath == nil ? .off : .appservice
        }
        let mirror = arguments.flag("mirror")
        guard sync != .off || mirror else { return nil }
        let needs = [sync != .off ? "--sync \(sync.rawValue)" : nil, mirror ? "--mirror" : nil].compactMap { $0 }.joined(separator: " and ")
        guard let homeserver else { throw UsageError("\(needs) needs --homeserver URL") }
        guard let adminToken else { throw UsageError("\(needs) needs --admin-token (a server-admin token of --homeserver)") }
        if sync == .appservice && registrationPath == nil { throw UsageError("--sync appservice needs --registration FILE") }
        var registration: AppServiceRegistration?
        if let registrationPath {
            // It holds both tokens: read only when no one else may read it.
            let bytes = try SecretFile.read(registrationPath, purpose: "--registration")
            do { registration = try AppServiceRegistration.parse(String(decoding: bytes, as: UTF8.self), path: registrationPath) } catch {
                throw UsageError("\(error)")
            }
        }
        func seconds(_ name: String) throws -> Duration {
            guard let value = Double(try arguments.required(name, as: String.self)), value > 0, value.isFinite else {
                throw UsageError("--\(name) must be a positive number of seconds")
            }
            return .milliseconds(Int64(value * 1000))
        }
        let mappingName: String = try arguments.required("mapping")
        let mapping: Mapping
        do { mapping = try Mapping.named(mappingName).mapping } catch {
            throw UsageError("invalid mapping \(mappingName): \(error)")
        }
        return TransitionOptions(homeserver: homeserver, adminToken: adminToken, mapping: mapping, registration: registration, sync: sync,
                                 pollInterval: try seconds("poll-interval"), reconcileInterval: try seconds("reconcile-interval"),
                                 mirror: mirror)
    }

    /// `--header-timeout` (positive seconds, fractions allowed, at most a day) and `--max-pending-auth`
    /// (a positive whole number).
    static func frontDoorLimits(headerTimeout: String, maxPendingAuth: String) throws(UsageError) -> (headerTimeout: Double, maxPendingAuth: Int) {
        guard let seconds = Double(headerTimeout), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw UsageError("--header-timeout must be a positive number of seconds (at most 86400), got \"\(headerTimeout)\"")
        }
        guard let pending = Int(maxPendingAuth), pending > 0 else {
            throw UsageError("--max-pending-auth must be a positive whole number, got \"\(maxPendingAuth)\"")
        }
        return (seconds, pending)
    }

    /// `host:port` with an IPv4 literal or `localhost`, or `[v6]:port` (`[::1]:8085`, `[::]:8085`); port 0
    /// picks a free one.
    /// - Throws: `UsageError` for a missing or bad port, an unbracketed IPv6 address, or a host that is
    ///   not an address literal (names other than localhost are not resolved).
    static func parseListen(_ text: String) throws(UsageError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw UsageError("--listen must be HOST:PORT, got \"\(text)\"")
        }
        let rawHost = String(text[..<colon])
        guard !rawHost.isEmpty else { throw UsageError("--listen must name a host, got \"\(text)\"") }
        if rawHost.hasPrefix("["), rawHost.hasSuffix("]") {
            let host = String(rawHost.dropFirst().dropLast())
            var address = in6_addr()
            guard inet_pton(AF_INET6, host, &address) == 1 else {
                throw UsageError("--listen: \"\(host)\" is not an IPv6 address")
            }
            return (host, port)
        }
        guard !rawHost.contains(":") else {
            throw UsageError("--listen: write IPv6 addresses in brackets, e.g. [::1]:8085, got \"\(text)\"")
        }
        var address = in_addr()
        guard rawHost == "localhost" || inet_pton(AF_INET, rawHost, &address) == 1 else {
            throw UsageError("--listen: the host must be an IPv4 address, [IPv6] or localhost, got \"\(rawHost)\"")
        }
        return (rawHost, port)
    }

    /// The homeserver's server name: `--server-name` when given; else the server part of the user id that
    /// `--admin-token` belongs to (the URL's host is often not the server name, e.g. `synapse.example.org`
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
                throw ServerNameError(message: "cannot learn the server name from --admin-token (\(error.description)); pass --server-name")
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
