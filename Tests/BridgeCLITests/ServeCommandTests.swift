import Testing
import Authentication
@testable import BridgeCLI

@Suite struct ServeCommandTests {
    @Test func listenAddressesParse() throws {
        #expect(try ServeCommand.parseListen("127.0.0.1:8085") == ("127.0.0.1", 8085))
        #expect(try ServeCommand.parseListen("[::1]:0") == ("::1", 0))
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
}
