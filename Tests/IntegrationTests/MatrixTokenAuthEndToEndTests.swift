import Authentication
import BridgeDaemon
import BridgeTestSupport
import CurlHTTP
import Foundation
import SocialRPC
import SocialStore
import Testing

/// The Matrix access-token credential (issue 6) end to end: fresh users on the live Synapse, the real
/// `SocialServer` wired as `serve` wires it, and a Python client over a real socket
/// (Tests/Support/matrix_token_e2e.py).
@Suite(.serialized) struct MatrixTokenAuthEndToEndTests {
    static let skipReason = Comment(rawValue: "needs Python and a live Synapse: \(TestEnvironment.synapseMissingReason)")

    @Test(.enabled(if: TestEnvironment.hasLiveSynapse, skipReason))
    func tokensOfRealUsersAuthenticateAsTheirAddresses() async throws {
        let run = try await MatrixTokenRun.start()
        let result = try await run.scenarios(["identity", "logged_out", "garbage", "non_address"])
        #expect(result.status == 0)
        for name in ["identity", "logged_out", "garbage", "non_address"] { #expect(result.stdout.contains("PASS \(name)")) }
        let lines = run.log.lines
        #expect(lines.contains { $0.contains("unknown_token") }, "logged-out and garbage tokens log unknown_token")
        #expect(lines.contains { $0.contains("non_address_user") }, "a non-address localpart logs non_address_user")
        #expect(!lines.contains { $0.contains("syt_") }, "tokens never reach the log")
        #expect(run.refused(.unknownToken) == 2)
        #expect(run.refused(.nonAddressUser) == 1)
        #expect(run.refused(.homeserverUnreachable) == 0)
        #expect(run.accepted == 2)
    }

    @Test(.enabled(if: TestEnvironment.hasLiveSynapse, skipReason))
    func usersOfAnotherServerNameAreRefused() async throws {
        let run = try await MatrixTokenRun.start(serverName: "other.example")
        let result = try await run.scenarios(["refused"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS refused"))
        #expect(run.log.lines.contains { $0.contains("non_address_user") })
    }

    @Test(.enabled(if: TestEnvironment.hasLiveSynapse, skipReason))
    func unreachableHomeserverIsRefusedWithItsOwnReason() async throws {
        let closedPort = try closedLoopbackPort()
        let run = try await MatrixTokenRun.start(homeserver: "http://127.0.0.1:\(closedPort)")
        let result = try await run.scenarios(["refused"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS refused"))
        let lines = run.log.lines
        #expect(lines.contains { $0.contains("homeserver_unreachable") }, "log: \(lines)")
        #expect(!lines.contains { $0.contains("unknown_token") })
        #expect(run.refused(.homeserverUnreachable) == 1)
        #expect(run.refusedInAll == 1)
    }

    @Test(.enabled(if: TestEnvironment.hasLiveSynapse, skipReason))
    func hungHomeserverCountsAsUnreachableAfterTheWhoAmITimeout() async throws {
        let synapse = try #require(TestEnvironment.synapseURL)
        let proxy = try FaultProxyProcess(rules: #"[{"path": "/account/whoami", "action": "hang"}]"#, upstream: synapse)
        defer { proxy.stop() }
        let run = try await MatrixTokenRun.start(homeserver: proxy.baseURL, whoAmITimeoutMilliseconds: 500)
        let result = try await run.scenarios(["refused"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS refused"))
        #expect(run.refused(.homeserverUnreachable) == 1, "log: \(run.log.lines)")
        #expect(run.refusedInAll == 1)
    }

    /// Homeserver failures other than "unknown token" refuse the connection too, each under its own reason.
    @Test(.enabled(if: TestEnvironment.hasLiveSynapse, skipReason), arguments: [
        ("500", AuthenticationError.Reason.homeserverUnreachable),
        ("garbage", AuthenticationError.Reason.homeserverError),
    ])
    func failingHomeserverRefusesWithItsReason(action: String, reason: AuthenticationError.Reason) async throws {
        let synapse = try #require(TestEnvironment.synapseURL)
        let proxy = try FaultProxyProcess(rules: #"[{"path": "/account/whoami", "action": "\#(action)"}]"#, upstream: synapse)
        defer { proxy.stop() }
        let run = try await MatrixTokenRun.start(homeserver: proxy.baseURL)
        let result = try await run.scenarios(["refused"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS refused"))
        #expect(run.refused(reason) == 1, "log: \(run.log.lines)")
        #expect(run.refusedInAll == 1)
    }

    @Test(.enabled(if: TestEnvironment.hasLiveSynapse, skipReason))
    func secondConnectionWithinTheTimeToLiveDoesNotAskTheHomeserver() async throws {
        let synapse = try #require(TestEnvironment.synapseURL)
        let proxy = try FaultProxyProcess(rules: "[]", upstream: synapse)
        defer { proxy.stop() }
        let run = try await MatrixTokenRun.start(homeserver: proxy.baseURL)
        let result = try await run.scenarios(["cached"], extra: ["--proxy-stats", proxy.statsURL])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS cached"))
    }
}

/// One in-process server for a test: SQLite in a temporary directory, Matrix tokens (and auth chains) accepted.
private struct MatrixTokenRun {
    let port: Int
    let log: LogLines
    let metrics: ServerMetrics
    private let server: SocialServer
    private let http: CurlHTTPClient

    /// Starts the server; `homeserver` defaults to the live Synapse, `serverName` to its server name.
    static func start(
        homeserver: String? = nil, serverName: String? = nil,
        whoAmITimeoutMilliseconds: Int = MatrixWhoAmIResolver.defaultTimeoutMilliseconds
    ) async throws -> MatrixTokenRun {
        let synapse = try #require(TestEnvironment.synapseURL)
        let name = try #require(serverName ?? TestEnvironment.synapseServerName)
        let directory = try makeTemporaryDirectory("matrix-token")
        let store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
        let http = CurlHTTPClient()
        let log = LogLines()
        let matrix = MatrixTokenAuthenticator(
            resolver: MatrixWhoAmIResolver(
                homeserver: homeserver ?? synapse, transport: http, timeoutMilliseconds: whoAmITimeoutMilliseconds),
            serverName: name)
        let credentials = CredentialAuthenticator(authChainVerifier: AuthChainVerifier(), matrixAuthenticator: matrix)
        let metrics = ServerMetrics()
        let server = SocialServer(
            store: store, authenticator: CredentialConnectionAuthenticator(credentials, metrics: metrics) { log.append($0) },
            configuration: .init(host: "127.0.0.1", port: 0, awayAfterMilliseconds: nil), log: SocialLog { log.append($0) })
        let port = try server.start()
        return MatrixTokenRun(port: port, log: log, metrics: metrics, server: server, http: http)
    }

    /// Connections refused for `reason` (the `socialbridge_auth_refused_total` metric).
    func refused(_ reason: AuthenticationError.Reason) -> Int {
        metrics.value("socialbridge_auth_refused_total", labels: "reason=\"\(reason.rawValue)\"")
    }

    /// Connections refused for any reason.
    var refusedInAll: Int { AuthenticationError.Reason.allCases.reduce(0) { $0 + refused($1) } }

    /// Connections accepted.
    var accepted: Int { metrics.value("socialbridge_auth_accepted_total") }

    /// Runs matrix_token_e2e.py with `names` against this server, then stops the server.
    func scenarios(_ names: [String], extra: [String] = []) async throws -> ProcessResult {
        defer {
            server.stop()
            http.shutdown()
        }
        let python = try #require(TestEnvironment.python)
        let synapse = try #require(TestEnvironment.synapseURL)
        let secret = try #require(TestEnvironment.synapseSharedSecret)
        let support = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support")
        let arguments = [
            support.appendingPathComponent("matrix_token_e2e.py").path, "--url", "ws://127.0.0.1:\(port)/",
            "--repo", TestEnvironment.repositoryRoot.path, "--synapse", synapse, "--secret", secret,
        ] + extra + names.flatMap { ["--scenario", $0] }
        let result = try await runOnOwnThread(python, arguments, environment: ["PYTHONPATH": support.path])
        print(result.stdout)
        if result.status != 0 { print(result.stderr) }
        return result
    }
}

/// Log lines collected from the server's sinks (any thread).
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        stored.append(line)
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// Runs a blocking child process on a thread of its own: the server under test needs the (small)
/// cooperative pool while the client runs.
func runOnOwnThread(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessResult, any Error>) in
        let thread = Thread {
            continuation.resume(with: Result { try ProcessRunner.run(executable, arguments, environment: environment) })
        }
        thread.start()
    }
}

/// A loopback port nothing listens on (bound, read, released).
func closedLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw PortError() }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
        }
    }
    guard bound else { throw PortError() }
    return Int(UInt16(bigEndian: address.sin_port))
}

struct PortError: Error {}
