import BridgeTestSupport
import CurlHTTP
import Foundation
import Testing

/// `social-bridge serve` as shipped, with Matrix tokens from the live Synapse. No `--server-name`: the
/// server name is learned from `--homeserver-token`'s whoami (the test Synapse's URL host is 127.0.0.1,
/// its server name is not).
@Suite struct ServeBinaryMatrixTokenTests {
    static var binary: String { TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/social-bridge").path }

    @Test(.enabled(if: TestEnvironment.hasLiveSynapse && TestEnvironment.synapseAdminToken != nil, MatrixTokenAuthEndToEndTests.skipReason))
    func serveLearnsTheServerNameAndAcceptsMatrixTokens() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the social-bridge product first")
        let synapse = try #require(TestEnvironment.synapseURL)
        let adminToken = try #require(TestEnvironment.synapseAdminToken)
        let python = try #require(TestEnvironment.python)
        let secret = try #require(TestEnvironment.synapseSharedSecret)
        let directory = try makeTemporaryDirectory("serve-matrix")
        defer { try? FileManager.default.removeItem(at: directory) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "serve", "--db", directory.appendingPathComponent("social.sqlite").path, "--listen", "127.0.0.1:0",
            "--homeserver", synapse, "--homeserver-token", adminToken,
        ]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let banner = try await readLineOnOwnThread(stdout.fileHandleForReading)
        // "listening on ws://127.0.0.1:<port>/ (credentials: authchain,matrix)"
        let url = try #require(banner.split(separator: " ").first { $0.hasPrefix("ws://") }.map(String.init), "banner: \(banner)")
        #expect(banner.contains("credentials: authchain,matrix"))

        let support = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support")
        let result = try await runOnOwnThread(python, [
            support.appendingPathComponent("matrix_token_e2e.py").path, "--url", url, "--repo", TestEnvironment.repositoryRoot.path,
            "--synapse", synapse, "--secret", secret, "--scenario", "identity", "--scenario", "garbage",
        ], environment: ["PYTHONPATH": support.path])
        print(result.stdout)
        if result.status != 0 { print(result.stderr) }
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS identity") && result.stdout.contains("PASS garbage"))

        // The operator endpoint beside the WebSocket counts what happened.
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let metricsURL = url.replacingOccurrences(of: "ws://", with: "http://") + "metrics"
        let scrape = try await http.send(HTTPRequest(method: .get, url: metricsURL))
        let metrics = String(decoding: scrape.body, as: UTF8.self)
        #expect(metrics.contains(#"socialbridge_auth_refused_total{reason="unknown_token"} 1"#), "metrics: \(metrics)")
        #expect(metrics.contains("socialbridge_auth_accepted_total 2"), "metrics: \(metrics)")

        process.terminate()
        let errors = try await readToEndOnOwnThread(stderr.fileHandleForReading)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(errors.contains("unknown_token"), "stderr: \(errors)")
        #expect(!errors.contains(adminToken))
    }
}

/// The first line from `handle`, read on a thread of its own.
func readLineOnOwnThread(_ handle: FileHandle) async throws -> String {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
        Thread {
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            continuation.resume(returning: String(text.split(separator: "\n").first ?? ""))
        }.start()
    }
}

/// Everything `handle` yields until EOF, read on a thread of its own.
func readToEndOnOwnThread(_ handle: FileHandle) async throws -> String {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
        Thread {
            continuation.resume(with: Result { String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self) })
        }.start()
    }
}
