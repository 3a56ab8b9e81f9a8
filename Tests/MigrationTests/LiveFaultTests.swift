import BridgeTestSupport
import CurlHTTP
import Foundation
import MatrixClient
import Migration
import SocialDomain
import SocialStore
import Testing

/// Migration through `Tests/Support/synapse_fault_proxy.py` (429s with and without bodies, 500s,
/// truncated bodies) ends in the same state as a direct migration.
@Suite(.serialized, .enabled(if: LiveSynapse.available, LiveSynapse.missingReason))
struct LiveFaultTests {
    /// A running proxy; closing its stdin ends it.
    final class Proxy {
        let process = Process()
        let input = Pipe()
        let port: Int

        init(rules: String) throws {
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: TestEnvironment.python ?? "python3")
            process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/synapse_fault_proxy.py").path,
                                 "--upstream", LiveSynapse.url, "--rules", rules]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                line.append(byte)
            }
            port = Int(String(decoding: line, as: UTF8.self).replacingOccurrences(of: "PORT ", with: "")) ?? 0
        }

        deinit {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    func migrate(_ url: String, into directory: URL, _ name: String) async throws -> (MigrationReport, SocialStore) {
        let social = try SocialStore(path: directory.appendingPathComponent(name).path)
        let (client, counters) = MatrixClient.live(homeserver: url, accessToken: LiveSynapse.token,
                                                   retryPolicy: RetryPolicy(maxAttempts: 5, baseDelayMilliseconds: 20, maxDelayMilliseconds: 200))
        let homeserver = MatrixLegacyHomeserver(client: client) { (counters.snapshot.requests, counters.snapshot.retries) }
        var options = MigrationOptions(mapping: try Legacy.mapping())
        options.now = { 1_000_000 }
        let report = try await MigrationEngine(homeserver: homeserver, store: SocialStoreMigrationStore(store: social), options: options).run()
        return (report, social)
    }

    func dump(_ social: SocialStore, _ report: MigrationReport) throws -> [String] {
        var pairs = Set<AddressPair>()
        for entry in report.conflicts {
            let parts = (entry.pair ?? "").split(separator: "+").compactMap { Address($0) }
            if parts.count == 2, let pair = AddressPair(parts[0], parts[1]) { pairs.insert(pair) }
        }
        var lines: [String] = []
        for pair in pairs.sorted() {
            guard let row = try social.friendship(between: pair.lo, and: pair.hi) else { continue }
            lines.append("\(row.id) \(row.requester) \(row.isActive) \(row.updatedAt)")
            lines += try social.actions(friendshipID: row.id).map { "\($0.id) \($0.action) \($0.actingUser) \($0.timestamp)" }
        }
        return lines
    }

    @Test("429, 500 and truncated bodies are retried: same result as a direct run")
    func faults() async throws {
        let directory = try makeTemporaryDirectory("migration-faults")
        defer { try? FileManager.default.removeItem(at: directory) }
        var (direct, directStore) = try await migrate(LiveSynapse.url, into: directory, "direct.db")
        if direct.pairsTotal == 0 {
            _ = try LiveSynapse.seed("messy")
            (direct, directStore) = try await migrate(LiveSynapse.url, into: directory, "direct2.db")
        }
        let rules = """
            [{"path":"/_synapse/admin/v2/users","times":1,"action":"429"},
             {"path":"/accountdata","times":2,"action":"429_header","retry_after":1},
             {"path":"/_synapse/admin/v1/rooms?","times":1,"action":"429_bare"},
             {"path":"/state","times":3,"action":"500"},
             {"path":"/messages","times":2,"action":"truncate"}]
            """
        let proxy = try Proxy(rules: rules)
        #expect(proxy.port > 0)
        let (proxied, proxiedStore) = try await migrate("http://127.0.0.1:\(proxy.port)", into: directory, "proxied.db")
        #expect(proxied.httpRetries >= 8)
        #expect(!proxied.isPartial)
        #expect(proxied.pairsTotal == direct.pairsTotal && proxied.statusCounts == direct.statusCounts)
        #expect(try dump(proxiedStore, proxied) == dump(directStore, direct))
    }
}
