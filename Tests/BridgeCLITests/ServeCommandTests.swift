import BridgeTestSupport
import Foundation
import Testing
import Authentication
import CurlHTTP
@testable import BridgeCLI

@Suite struct ServeCommandTests {
    /// `serve --help`, verbatim (flags added by other work must be added here too).
    static let serveHelp = CommandHelpGoldenTests.serveHelp

    @Test func helpIsPinned() async {
        for arguments in [["serve", "--help"], ["help", "serve"]] {
            let out = CapturedOutput(), err = CapturedOutput()
            let code = await BridgeCLI.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err, environment: [:]))
            #expect(code == 0)
            #expect(out.text == Self.serveHelp)
        }
    }

    @Test func frontDoorFlagsAreValidated() async throws {
        #expect(try ServeCommand.frontDoorLimits(headerTimeout: "10", maxPendingAuth: "10000") == (10, 10_000))
        #expect(try ServeCommand.frontDoorLimits(headerTimeout: "0.5", maxPendingAuth: "1") == (0.5, 1))
        for (timeout, pending) in [("0", "1"), ("-1", "1"), ("nan", "1"), ("inf", "1"), ("100000", "1"), ("ten", "1"), ("10", "0"), ("10", "-5"), ("10", "1.5")] {
            #expect(throws: UsageError.self, "\(timeout) \(pending)") { try ServeCommand.frontDoorLimits(headerTimeout: timeout, maxPendingAuth: pending) }
        }
        let out = CapturedOutput(), err = CapturedOutput()
        let code = await BridgeCLI.run(
            arguments: ["serve", "--db", "/nonexistent/x.sqlite", "--header-timeout", "0"],
            context: CommandContext(stdout: out, stderr: err, environment: [:]))
        #expect(code == 2)
        #expect(err.text.contains("--header-timeout"))
    }

    @Test func listenAddressesParse() throws {
        #expect(try ServeCommand.parseListen("127.0.0.1:8085") == ("127.0.0.1", 8085))
        #expect(try ServeCommand.parseListen("0.0.0.0:8085") == ("0.0.0.0", 8085))
        #expect(try ServeCommand.parseListen("localhost:8085") == ("localhost", 8085))
        #expect(try ServeCommand.parseListen("[::1]:0") == ("::1", 0))
        #expect(try ServeCommand.parseListen("[::1]:8085") == ("::1", 8085))
        #expect(try ServeCommand.parseListen("[::]:8085") == ("::", 8085))
        #expect(throws: UsageError.self) { try ServeCommand.parseListen("::1:8085") }
        #expect(throws: UsageError.self) { try ServeCommand.parseListen("[::g]:8085") }
        #expect(throws: UsageError.self) { try ServeCommand.parseListen("example.org:8085") }
        #expect(throws: UsageError.self) { try ServeCommand.parseListen("[127.0.0.1]:8085") }
        #expect(throws: UsageError.self) { try ServeCommand.parseListen("localhost") }
        #expect(throws: UsageError.self) { try ServeCommand.parseListen(":80") }
        #expect(throws: UsageError.self) { try ServeCommand.parseListen("host:70000") }
    }

    @Test func credentialKindsDefaultAndValidation() throws {
        #expect(try ServeCommand.credentialKinds(nil, homeserver: nil) == [.authChain])
        #expect(try ServeCommand.credentialKinds(nil, homeserver: "http://hs") == [.authChain, .matrix])
        #expect(try ServeCommand.credentialKinds("authchain,matrix", homeserver: "http://hs") == [.authChain, .matrix])
        #expect(throws: UsageError.self) { try ServeCommand.credentialKinds("matrix", homeserver: nil) }
        #expect(throws: UsageError.self) { try ServeCommand.credentialKinds("password", homeserver: nil) }
    }

    @Test func matrixWithoutHomeserverIsAUsageErrorExitTwo() async {
        let out = CapturedOutput(), err = CapturedOutput()
        let code = await BridgeCLI.run(
            arguments: ["serve", "--db", "/nonexistent/x.sqlite", "--auth", "matrix"],
            context: CommandContext(stdout: out, stderr: err, environment: [:]))
        #expect(code == 2)
        #expect(err.text.contains("--homeserver"))
    }

    @Test func serverNameIsTheUserIDsServerPart() {
        #expect(ServeCommand.serverName(ofUserID: "@0xabc:decentraland.org") == "decentraland.org")
        #expect(ServeCommand.serverName(ofUserID: "@admin:localhost:8448") == "localhost:8448")
        #expect(ServeCommand.serverName(ofUserID: "admin:example.org") == nil)
        #expect(ServeCommand.serverName(ofUserID: "@admin:") == nil)
        #expect(ServeCommand.serverName(ofUserID: "@admin") == nil)
    }

    @Test func serverNameOptionWinsThenTheURLsHost() async throws {
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        // No token: nothing is asked of the (unreachable) homeserver.
        let given = try await ServeCommand.resolveServerName("example.org", homeserver: "http://127.0.0.1:1", token: "t", transport: http)
        #expect(given == "example.org")
        let host = try await ServeCommand.resolveServerName(nil, homeserver: "https://synapse.example.org:8448", token: nil, transport: http)
        #expect(host == "synapse.example.org")
        await #expect(throws: UsageError.self) {
            try await ServeCommand.resolveServerName("", homeserver: "http://hs", token: nil, transport: http)
        }
    }

    @Test func unreachableHomeserverTokenIsAClearError() async {
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        await #expect(throws: ServerNameError.self) {
            try await ServeCommand.resolveServerName(nil, homeserver: "http://127.0.0.1:1", token: "t", transport: http)
        }
    }
}

@Suite struct ServePrintConfigTests {
    @Test func printConfigOpensAndBindsNothing() async throws {
        let directory = try makeTemporaryDirectory("serve-print")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("never.sqlite").path
        let out = CapturedOutput(), err = CapturedOutput()
        // Port 1 cannot be bound by a test user and the homeserver is unreachable: both would fail if touched.
        let code = await BridgeCLI.run(
            arguments: ["serve", "--db", db, "--listen", "127.0.0.1:1", "--homeserver", "http://127.0.0.1:1", "--print-config"],
            context: CommandContext(stdout: out, stderr: err, environment: ["SOCIAL_BRIDGE_HOMESERVER_TOKEN": "syt_never_printed_token"]))
        #expect(code == 0)
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(out.text.contains("listen = \"127.0.0.1:1\"  # flag --listen"))
        // --homeserver-token is an alias of --admin-token: shown under the canonical name, with the alias as its source.
        #expect(out.text.contains("# admin-token = ********  (secret, masked)  # environment SOCIAL_BRIDGE_HOMESERVER_TOKEN"))
        #expect(!out.text.contains("syt_never_printed_token") && !err.text.contains("syt_never_printed_token"))
    }
}
