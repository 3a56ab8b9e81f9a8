import BridgeJSON
import BridgeTestSupport
import CurlHTTP
import Foundation
import Testing

/// A known token given on the command line, in the environment and in a file, through full runs of
/// `migrate` and `serve` (successes and failures): it must appear in no output, report, log file,
/// `/metrics` page or help text, and — except for the plain flag during its first instant — never in the
/// process list.
@Suite(.serialized, .enabled(if: TestEnvironment.synapseURL != nil && TestEnvironment.synapseAdminToken != nil, Comment(rawValue: TestEnvironment.synapseMissingReason)))
struct SecretsEndToEndTests {
    enum Mode: String, CaseIterable, Sendable { case argv, environment, file }

    static var binary: String { CallCommandEndToEndTests.binary }

    /// How `option` carries `secret` in `mode`: extra arguments and environment.
    static func carry(_ secret: String, as option: String, _ mode: Mode, in directory: URL) throws -> ([String], [String: String]) {
        switch mode {
        case .argv: return (["--\(option)", secret], [:])
        case .environment: return ([], ["SOCIAL_BRIDGE_" + option.uppercased().replacingOccurrences(of: "-", with: "_"): secret])
        case .file: return (["--\(option)-file", try writePrivateFile(secret + "\n", named: "\(option).\(UUID().uuidString)", in: directory)], [:])
        }
    }

    @Test(arguments: Mode.allCases)
    func theTokenAppearsNowhere(mode: Mode) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the social-bridge product first")
        let synapse = try #require(TestEnvironment.synapseURL)
        let token = try #require(TestEnvironment.synapseAdminToken)
        let badToken = "syt_known_but_wrong_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let directory = try makeTemporaryDirectory("secrets-\(mode.rawValue)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var texts: [(String, String)] = []  // (what, text) to search
        func record(_ label: String, _ result: ProcessResult) {
            texts.append(("\(label) stdout", result.stdout))
            texts.append(("\(label) stderr", result.stderr))
        }

        // 1. A full migration, its report and its JSON log file.
        let (args, env) = try Self.carry(token, as: "admin-token", mode, in: directory)
        let report = directory.appendingPathComponent("report.json").path
        let log = directory.appendingPathComponent("migrate.log").path
        let migrate = try ProcessRunner.run(Self.binary, [
            "migrate", "--homeserver", synapse, "--db", directory.appendingPathComponent("m.sqlite").path, "--report", report,
            "--log-file", log, "--log-format", "json", "--dry-run",
        ] + args, environment: env)
        #expect(migrate.status == 0 || migrate.status == 3, "migrate: \(migrate.stderr)")
        record("migrate", migrate)
        texts.append(("report", (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""))
        texts.append(("migrate log file", (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        let warnings = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.contains("\"warning\"") && $0.contains("visible to other local users") }
        #expect(warnings.count == (mode == .argv ? 1 : 0), "plain-flag warnings: \(warnings)")

        // 2. Failures with the token loaded: a database that cannot be created, a usage error after the
        //    secret was read, and a wrong token the homeserver refuses (401).
        let unopenable = try ProcessRunner.run(Self.binary, [
            "migrate", "--homeserver", synapse, "--db", "/nonexistent/dir/x.sqlite",
        ] + args, environment: env)
        #expect(unopenable.status == 1)
        record("migrate unopenable", unopenable)
        let usage = try ProcessRunner.run(Self.binary, ["migrate", "--homeserver", synapse, "--db", "x.sqlite", "--concurrency", "0"] + args, environment: env)
        #expect(usage.status == 2)
        record("migrate usage", usage)
        let (badArgs, badEnv) = try Self.carry(badToken, as: "admin-token", mode, in: directory)
        let refused = try ProcessRunner.run(Self.binary, [
            "migrate", "--homeserver", synapse, "--db", directory.appendingPathComponent("r.sqlite").path, "--log-format", "json",
        ] + badArgs, environment: badEnv)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("M_UNKNOWN_TOKEN") || refused.stderr.contains("401"), "\(refused.stderr)")
        for line in refused.stderr.split(separator: "\n") {
            #expect((try? JSON(parsing: String(line)))?["level"] != nil, "not a JSON log line: \(line)")
        }
        record("migrate refused", refused)

        // 3. serve with the token (profiles and the server name from the homeserver), /metrics, SIGHUP, stop.
        let (serveArgs, serveEnv) = try Self.carry(token, as: "homeserver-token", mode, in: directory)
        let serveLog = directory.appendingPathComponent("serve.log").path
        let serve = try RunningProcess(Self.binary, [
            "serve", "--db", directory.appendingPathComponent("s.sqlite").path, "--listen", "127.0.0.1:0", "--homeserver", synapse,
            "--log-file", serveLog,
        ] + serveArgs, environment: serveEnv)
        #expect(await serve.waitFor { out, _ in out.contains("listening on ws://") }, "serve: \(serve.stderr)")
        let url = try #require(serve.stdout.split(separator: " ").first { $0.hasPrefix("ws://") }.map(String.init))
        // The secret was read, so the plain flag has been overwritten in the process's own argv by now.
        #expect(!serve.visibleCommandLine.contains(token), "cmdline: \(serve.visibleCommandLine)")
        #expect(!processListing().contains(token), "the process list shows the token")
        let refusedCall = try ProcessRunner.run(Self.binary, ["call", "GetFriends", "--url", url, "--matrix-token-file",
                                                               try writePrivateFile(badToken, named: "bad-call-token", in: directory)])
        #expect(refusedCall.status == 1)
        record("call refused", refusedCall)
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let metrics = try await http.send(HTTPRequest(method: .get, url: url.replacingOccurrences(of: "ws://", with: "http://") + "metrics"))
        texts.append(("/metrics", String(decoding: metrics.body, as: UTF8.self)))
        #expect(String(decoding: metrics.body, as: UTF8.self).contains("socialbridge_auth_refused_total"))
        let rotated = serveLog + ".1"
        try FileManager.default.moveItem(atPath: serveLog, toPath: rotated)
        serve.send(SIGHUP)
        #expect(await serve.waitFor { _, _ in FileManager.default.fileExists(atPath: serveLog) }, "SIGHUP did not reopen the log file")
        serve.send(SIGTERM)
        #expect(await serve.wait() == 0, "serve: \(serve.stderr)")
        texts.append(("serve stdout", serve.stdout))
        texts.append(("serve stderr", serve.stderr))
        for path in [serveLog, rotated] { texts.append((path, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")) }
        #expect(((try? String(contentsOfFile: serveLog, encoding: .utf8)) ?? "").contains("SIGHUP: reopened the log file"))

        // 4. What an operator looks at: the effective configuration and the help.
        record("migrate print-config", try ProcessRunner.run(Self.binary, ["migrate", "--homeserver", synapse, "--db", "x", "--print-config"] + args, environment: env))
        record("serve print-config json", try ProcessRunner.run(Self.binary, ["serve", "--db", "x", "--print-config=json"] + serveArgs, environment: serveEnv))
        record("migrate help", try ProcessRunner.run(Self.binary, ["migrate", "--help"], environment: env))
        record("serve help", try ProcessRunner.run(Self.binary, ["serve", "--help"], environment: serveEnv))

        for (label, text) in texts {
            #expect(!text.contains(token), "the token appears in \(label)")
            #expect(!text.contains(badToken), "the wrong token appears in \(label)")
        }
        #expect(texts.count >= 20)
    }
}
