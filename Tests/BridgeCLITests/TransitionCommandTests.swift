import BridgeTestSupport
import Foundation
import Testing
@testable import BridgeCLI

/// `generate-registration` and the transition flags of `serve`.
@Suite struct TransitionCommandTests {
    private func run(_ arguments: [String]) async -> (code: Int32, stdout: String, stderr: String) {
        let out = CapturedOutput(), err = CapturedOutput()
        let code = await BridgeCLI.run(arguments: arguments, context: CommandContext(stdout: out, stderr: err, environment: [:]))
        return (code, out.text, err.text)
    }

    @Test("generate-registration writes mode 0600, refuses an existing file without --force, and prints the homeserver.yaml lines")
    func generateRegistration() async throws {
        let directory = try makeTemporaryDirectory("registration")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("socialbridge.yaml").path
        let arguments = ["generate-registration", "--url", "http://127.0.0.1:8085", "--server-name", "example.org", "--output", path]
        let first = await run(arguments)
        #expect(first.code == 0)
        #expect(first.stdout.contains("app_service_config_files:") && first.stdout.contains("- \(path)"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#"regex: "@0x[0-9a-fA-F]{40}:example\\.org""#))
        #expect(text.contains(##"regex: "#0x[0-9a-fA-F]{40}\\+0x[0-9a-fA-F]{40}:example\\.org""##))
        #expect(text.contains("rate_limited: false") && text.contains(#"url: "http://127.0.0.1:8085""#))
        // The tokens are secrets: never printed.
        let token = try #require(text.split(separator: "\n").first { $0.hasPrefix("as_token:") }?.split(separator: "\"").dropFirst().first)
        #expect(!first.stdout.contains(token) && !first.stderr.contains(token))

        let again = await run(arguments)
        #expect(again.code == 2 && again.stderr.contains("--force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let forced = await run(arguments + ["--force", "--id", "bridge2"])
        #expect(forced.code == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(#"id: "bridge2""#))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    @Test("generate-registration refuses a URL that is not http(s) and an empty server name", arguments: [
        ["--url", "ftp://x", "--server-name", "example.org"], ["--url", "http://127.0.0.1:1", "--server-name", ""],
        ["--url", "127.0.0.1:8085", "--server-name", "example.org"],
    ])
    func badArguments(_ arguments: [String]) async throws {
        let directory = try makeTemporaryDirectory("registration")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.yaml").path
        let result = await run(["generate-registration"] + arguments + ["--output", path])
        #expect(result.code == 2)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("serve refuses sync or mirror without what they need, before opening anything", arguments: [
        (["--sync", "poll"], "needs --homeserver"),
        (["--mirror", "--homeserver", "http://127.0.0.1:1"], "needs --admin-token"),
        (["--sync", "appservice", "--homeserver", "http://127.0.0.1:1", "--admin-token", "t"], "needs --registration"),
        (["--sync", "poll", "--homeserver", "http://127.0.0.1:1", "--admin-token", "t", "--poll-interval", "0"], "--poll-interval"),
        (["--sync", "sometimes"], "--sync"),
    ] as [([String], String)])
    func serveTransitionUsage(_ arguments: [String], message: String) async throws {
        let directory = try makeTemporaryDirectory("serve-usage")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("social.sqlite").path
        let result = await run(["serve", "--db", db, "--listen", "127.0.0.1:0"] + arguments)
        #expect(result.code == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
