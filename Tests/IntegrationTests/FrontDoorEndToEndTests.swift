import Foundation
import Testing
import BridgeDaemon
import BridgeTestSupport
import RPCTransport
import SocialDomain
import SocialProtocol
import SocialStore
#if canImport(Glibc)
import Glibc
#endif

/// The `serve` front door against scanners and slow clients, over real sockets: refusals answered,
/// closed and counted at `/metrics`, while well-behaved clients are served as usual.
@Suite(.serialized) struct FrontDoorEndToEndTests {
    static let upgrade = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    static let clientHello: [UInt8] = [0x16, 0x03, 0x01, 0x01, 0x2C, 0x01, 0x00, 0x01, 0x28, 0x03, 0x03] + [UInt8](repeating: 0x5A, count: 294)

    func makeServer(headerTimeout: Double = 10, maxPendingAuthentication: Int = 10_000) throws -> (SocialServer, SocialStore, Int) {
        let directory = try makeTemporaryDirectory("front-door")
        let store = try SocialStore(path: directory.appendingPathComponent("social.sqlite").path)
        let server = SocialServer(
            store: store, authenticator: AddressCredentialAuthenticator(),
            configuration: .init(rpc: RPCServerConfiguration(maxPendingAuthentication: maxPendingAuthentication), headerTimeout: headerTimeout),
            log: .silent)
        return (server, store, try server.start())
    }

    func metrics(port: Int, host: String = "127.0.0.1") async throws -> String {
        try await onOwnThread { try Self.scrape(port: port, host: host) }
    }

    @Test func everyRefusalIsAnsweredClosedAndCountedAtMetrics() async throws {
        let (server, _, port) = try makeServer(headerTimeout: 1, maxPendingAuthentication: 2)
        defer { server.stop() }
        #expect(RPCServerConfiguration().authenticationTimeout == .seconds(300))
        let before = try await metrics(port: port)
        for reason in ["bad_request_line", "header_timeout", "header_too_large", "pending_auth_full"] {
            #expect(before.contains("socialbridge_http_rejected_total{reason=\"\(reason)\"} 0"), "\(before)")
        }
        let answers = try await onOwnThread { () -> [String] in
            let tls = try RawTCPClient(port: port)
            try tls.write(Self.clientHello)
            let huge = try RawTCPClient(port: port)
            try huge.write("GET / HTTP/1.1\r\nX: " + String(repeating: "x", count: 17 << 10))
            let silent = try RawTCPClient(port: port)
            return [tls, huge, silent].map { String(decoding: $0.readToEOF() ?? [], as: UTF8.self) }
        }
        #expect(answers[0].hasPrefix("HTTP/1.1 400"))
        #expect(answers[1].hasPrefix("HTTP/1.1 431"))
        #expect(answers[2].hasPrefix("HTTP/1.1 408"))
        // Two connections wait for authentication; the third upgrade is refused until one authenticates.
        let (refused, waiting, after) = try await onOwnThread { () -> (String, String, String) in
            let first = try LoopbackWebSocketClient(port: port)
            let second = try LoopbackWebSocketClient(port: port)
            let third = try RawTCPClient(port: port)
            try third.write(Self.upgrade)
            let refused = String(decoding: third.readToEOF() ?? [], as: UTF8.self)
            let waiting = try Self.scrape(port: port)
            try first.sendText(addressFor(1).rawValue)
            guard try first.receive().payload == RpcMessageHeader.serverReady.serializedBytes() else { throw SocialTestClient.Failure(description: "no SERVER_READY") }
            let admitted = try LoopbackWebSocketClient(port: port)
            let after = try Self.scrape(port: port)
            _ = (second, admitted)
            return (refused, waiting, after)
        }
        #expect(refused.hasPrefix("HTTP/1.1 503") && refused.contains("Retry-After"), "\(refused)")
        #expect(waiting.contains("socialbridge_rpc_pending_auth 2"))
        for reason in ["bad_request_line", "header_timeout", "header_too_large", "pending_auth_full"] {
            #expect(after.contains("socialbridge_http_rejected_total{reason=\"\(reason)\"} 1"), "\(after)")
        }
        #expect(after.contains("socialbridge_rpc_pending_auth 2"))
    }

    /// `GET /metrics`, blocking.
    static func scrape(port: Int, host: String = "127.0.0.1") throws -> String {
        let client = try RawTCPClient(host: host, port: port)
        try client.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        return try client.readHTTPResponse().body
    }

    @Test func thousandTricklingConnectionsDoNotHoldUpAWellBehavedClient() async throws {
        let headerTimeout = 4.0
        let (server, store, port) = try makeServer(headerTimeout: headerTimeout)
        defer { server.stop() }
        let user = addressFor(0xB0B), friends = (1...30).map { addressFor(0xF000 + $0) }
        for friend in friends {
            _ = try store.upsertFriendship(actor: user, target: friend, action: .request, message: nil, now: 1_700_000_000_000)
            _ = try store.upsertFriendship(actor: friend, target: user, action: .accept, message: nil, now: 1_700_000_000_001)
        }
        let wellBehaved = Task {
            try await onOwnThread { () -> [Double] in
                Thread.sleep(forTimeInterval: 1.0)  // while the trickle is well under way
                let client = try SocialTestClient(port: port, address: user)
                var latencies: [Double] = []
                for _ in 0..<20 {
                    let started = ContinuousClock.now
                    let page: PaginatedFriendsProfilesResponse = try client.call("GetFriends", GetFriendsPayload())
                    latencies.append(seconds(ContinuousClock.now - started))
                    guard page.friends.count == 30, page.paginationData?.total == 30 else { throw SocialTestClient.Failure(description: "bad page") }
                }
                Thread.sleep(forTimeInterval: headerTimeout)  // past the trickling clients' deadline: still served
                let page: PaginatedFriendsProfilesResponse = try client.call("GetFriends", GetFriendsPayload())
                guard page.friends.count == 30 else { throw SocialTestClient.Failure(description: "bad page after the timeouts") }
                return latencies
            }
        }
        let outcome = try await onOwnThread { try Self.trickle(connections: 1_000, port: port, headerTimeout: headerTimeout) }
        let latencies = try await wellBehaved.value
        print("trickle: \(outcome); GetFriends max \(latencies.max() ?? -1) s, median \(latencies.sorted()[latencies.count / 2]) s")
        #expect(outcome.connected == 1_000)
        #expect(outcome.answered408 == 1_000, "\(outcome)")
        // Each closed within a second of its own deadline (connect + header timeout).
        #expect(outcome.latestCloseAfterDeadline < 1.0, "\(outcome)")
        #expect(outcome.earliestCloseBeforeDeadline < 0.1, "\(outcome)")
        #expect(latencies.count == 20)
        #expect(latencies.max() ?? 99 < 1.0, "GetFriends latencies \(latencies)")
        let text = try await metrics(port: port)
        #expect(text.contains(#"socialbridge_http_rejected_total{reason="header_timeout"} 1000"#))
    }

    struct TrickleOutcome: Sendable, CustomStringConvertible {
        var connected = 0
        var answered408 = 0
        /// Worst (close time − deadline), seconds.
        var latestCloseAfterDeadline = -Double.infinity
        /// Worst (deadline − close time): a close before the deadline would be a bug.
        var earliestCloseBeforeDeadline = -Double.infinity
        var description: String {
            "connected \(connected), 408 \(answered408), latest close \(latestCloseAfterDeadline) s after deadline, earliest \(earliestCloseBeforeDeadline) s before"
        }
    }

    /// Opens `connections` sockets that each send one byte of a valid request head per second, and
    /// watches them (poll) until the server answers and closes every one.
    static func trickle(connections: Int, port: Int, headerTimeout: Double) throws -> TrickleOutcome {
        let head = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: trickle\r\nAccept: */*\r\n\r\n".utf8)
        var clients: [RawTCPClient] = []
        var connectedAt: [ContinuousClock.Instant] = []
        for _ in 0..<connections {
            clients.append(try RawTCPClient(port: port))
            connectedAt.append(.now)
        }
        var outcome = TrickleOutcome(connected: clients.count)
        var received = [[UInt8]](repeating: [], count: clients.count)
        var open = Set(0..<clients.count)
        var sentBytes = 0
        var nextByteAt = ContinuousClock.now
        let giveUp = ContinuousClock.now + .seconds(headerTimeout + 5)
        var pollSet = clients.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        while !open.isEmpty && ContinuousClock.now < giveUp {
            if ContinuousClock.now >= nextByteAt && sentBytes < head.count {
                for index in open { _ = try? clients[index].write([head[sentBytes]]) }
                sentBytes += 1
                nextByteAt = nextByteAt + .seconds(1)
            }
            for index in pollSet.indices { pollSet[index].revents = 0 }
            _ = poll(&pollSet, nfds_t(pollSet.count), 50)
            let now = ContinuousClock.now
            for index in pollSet.indices where open.contains(index) && pollSet[index].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { recv(clients[index].fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count > 0 {
                    received[index] += chunk[0..<count]
                    continue
                }
                if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { continue }
                open.remove(index)
                if String(decoding: received[index], as: UTF8.self).hasPrefix("HTTP/1.1 408") { outcome.answered408 += 1 }
                let lateness = seconds(now - connectedAt[index]) - headerTimeout
                outcome.latestCloseAfterDeadline = max(outcome.latestCloseAfterDeadline, lateness)
                outcome.earliestCloseBeforeDeadline = max(outcome.earliestCloseBeforeDeadline, -lateness)
            }
        }
        return outcome
    }

    @Test func serveListensOnIPv6WithTheFrontDoorFlags() async throws {
        let binary = ServeBinaryMatrixTokenTests.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the social-bridge product first")
        let directory = try makeTemporaryDirectory("serve-ipv6")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "serve", "--db", directory.appendingPathComponent("social.sqlite").path, "--listen", "[::1]:0",
            "--header-timeout", "1", "--max-pending-auth", "1",
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let banner = try await readLineOnOwnThread(stdout.fileHandleForReading)
        let prefix = "listening on ws://[::1]:"
        #expect(banner.hasPrefix(prefix), "banner: \(banner)")
        let port = try #require(Int(banner.dropFirst(prefix.count).prefix { $0.isNumber }))
        let (health, silent, upgrades) = try await onOwnThread { () -> (String, (String, Double), [String]) in
            let health = try RawTCPClient(host: "::1", port: port)
            try health.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            let started = ContinuousClock.now
            let silent = try RawTCPClient(host: "::1", port: port)
            let timedOut = String(decoding: silent.readToEOF() ?? [], as: UTF8.self)
            let waited = seconds(ContinuousClock.now - started)
            // --max-pending-auth 1: the first upgrade waits for its credential, the second is refused.
            let first = try RawTCPClient(host: "::1", port: port)
            try first.write(Self.upgrade)
            let firstHead = try first.readHTTPHeadOnly()
            let second = try RawTCPClient(host: "::1", port: port)
            try second.write(Self.upgrade)
            return (try health.readHTTPResponse().body, (timedOut, waited), [firstHead, String(decoding: second.readToEOF() ?? [], as: UTF8.self)])
        }
        #expect(health == "ok\n")
        #expect(silent.0.hasPrefix("HTTP/1.1 408") && silent.1 >= 0.9 && silent.1 < 2.0, "\(silent)")
        #expect(upgrades[0].hasPrefix("HTTP/1.1 101"))
        #expect(upgrades[1].hasPrefix("HTTP/1.1 503"))
        let text = try await metrics(port: port, host: "::1")
        #expect(text.contains(#"socialbridge_http_rejected_total{reason="header_timeout"} 1"#), "\(text)")
        #expect(text.contains(#"socialbridge_http_rejected_total{reason="pending_auth_full"} 1"#), "\(text)")
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

/// `0x` + 40 hex digits of `value`.
func addressFor(_ value: Int) -> Address { Address("0x" + String(format: "%040x", value))! }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

extension RawTCPClient {
    /// Reads an HTTP response head (a 101 has no body) and returns it.
    func readHTTPHeadOnly() throws -> String {
        var bytes: [UInt8] = []
        while !(bytes.count >= 4 && bytes.suffix(4) == [13, 10, 13, 10]) {
            var byte: UInt8 = 0
            guard recv(fd, &byte, 1, 0) == 1 else { throw ClientError.closed }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
