import CurlHTTP
import Foundation
import MatrixClient
import Migration
import SocialStore

/// `social-bridge migrate`: legacy Matrix friendships and profile blocks into SQLite (legacy-matrix §8.8).
public enum MigrateCommand: Command {
    public static let name = "migrate"
    public static let abstract = "Migrate legacy Matrix friendships into SQLite."
    public static let discussion: String? = """
        Idempotent and resumable: run it again after an interruption and it finishes the job; run it again \
        later and it applies only what changed on the legacy side.
        --users FILE restricts the run to the users listed in FILE, one per line, each a local Matrix user id \
        (@0x…:server) or a bare address; blank lines and lines starting with # are skipped. Only pairs with a \
        listed member and blocks made by a listed user are written (rooms are still all read to find them).
        Exit codes: 0 success, 1 failure, 2 usage error, 3 finished but some rooms could not be read \
        (listed in the report; run again).
        """
    /// Exit code of a run that finished while some rooms could not be read.
    public static let partialExitCode: Int32 = 3

    public static let options: [OptionSpec] = [
        .option("homeserver", valueName: "url", help: "Base URL of the legacy homeserver.", required: true),
        .option("admin-token", valueName: "token", help: "Access token of a server admin.", required: true, secret: true),
        .option("db", valueName: "file", help: "SQLite database to write (created if missing).", required: true),
        .option("mapping", valueName: "name|file", help: "Legacy layout mapping: a built-in name (see 'mappings list') or a JSON file.", defaultValue: Mapping.defaultBuiltInName),
        .option("server-name", valueName: "name", help: "Local server name (default: learnt from the admin token's whoami)."),
        .option("blocks", valueName: "file", help: "JSON array of profiles or avatar entries whose 'blocked' lists are imported."),
        .flag("dry-run", help: "Read and plan everything, write nothing; report what would change."),
        .option("concurrency", valueName: "n", help: "Homeserver requests in flight.", defaultValue: "8"),
        .option("report", valueName: "file", help: "Write the JSON report there."),
        .option("users", valueName: "file", help: "Restrict to the users listed in this file (see above)."),
    ]

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let homeserverURL: String = try arguments.required("homeserver")
        let token: String = try arguments.required("admin-token")
        let dbPath: String = try arguments.required("db")
        let concurrency: Int = try arguments.required("concurrency")
        guard (1...256).contains(concurrency) else { throw UsageError("--concurrency must be between 1 and 256") }
        guard homeserverURL.hasPrefix("http://") || homeserverURL.hasPrefix("https://") else {
            throw UsageError("--homeserver must be an http:// or https:// URL")
        }
        let mappingName: String = try arguments.required("mapping")
        let mapping: Mapping
        do { mapping = try Mapping.named(mappingName).mapping } catch {
            throw UsageError("invalid mapping \(mappingName): \(error)")
        }
        var options = MigrationOptions(mapping: mapping)
        options.serverName = arguments.string("server-name")
        options.dryRun = arguments.flag("dry-run")
        options.concurrency = concurrency
        if let blocks = arguments.string("blocks") {
            guard let data = FileManager.default.contents(atPath: blocks) else { throw UsageError("cannot read --blocks \(blocks)") }
            options.blocksFile = data
        }
        if let users = arguments.string("users") {
            guard let text = try? String(contentsOfFile: users, encoding: .utf8) else { throw UsageError("cannot read --users \(users)") }
            options.userFilter = text.components(separatedBy: .newlines)
        }
        let renderer = MigrationProgressRenderer(output: context.stderr, isTTY: context.isStandardErrorTerminal)
        options.progress = { renderer.render($0) }

        let (client, counters) = MatrixClient.live(
            homeserver: homeserverURL, accessToken: token, configuration: HTTPClientConfiguration(maxConcurrency: concurrency))
        let homeserver = MatrixLegacyHomeserver(client: client) {
            let snapshot = counters.snapshot
            return (snapshot.requests, snapshot.retries)
        }
        // A dry run must not create or change the database: read an existing one read-only, else start empty.
        let social: SocialStore
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        if !options.dryRun {
            social = try SocialStore(path: dbPath)
        } else if FileManager.default.fileExists(atPath: dbPath) {
            social = try SocialStore(path: dbPath, options: .readOnly)
        } else {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("social-bridge-dry-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            scratch = directory
            social = try SocialStore(path: directory.appendingPathComponent("empty.db").path)
        }
        let engine = MigrationEngine(homeserver: homeserver, store: SocialStoreMigrationStore(store: social), options: options)
        let report: MigrationReport
        do { report = try await engine.run() } catch let error as MigrationError {
            renderer.finish()
            throw error  // reported by the framework as `Error: …`, exit 1 (in the configured log format)
        }
        renderer.finish()
        if let path = arguments.string("report") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
        }
        for line in summary(report) { context.stdout.line(line) }
        return report.isPartial ? partialExitCode : ExitCode.success
    }

    /// The end-of-run summary.
    static func summary(_ report: MigrationReport) -> [String] {
        let verb = report.dryRun ? "would write" : "wrote"
        var lines = [
            "migrate\(report.dryRun ? " (dry run)" : "")\(report.resumed ? " (resumed)" : ""): server \(report.serverName), mapping \(report.mapping)",
            "users: \(report.usersTotal) (\(report.usersSkippedNonAddress) non-address skipped, \(report.usersAccountDataUnreadable) without readable account data)",
            "rooms: \(report.roomsListed) listed, \(report.roomsDiscoveredViaMDirect) via m.direct, \(report.roomsFoundByRescan) by rescan; "
                + "\(report.roomsStateRead) read, \(report.roomsHistoryRead) histories, \(report.roomsWithCandidate) with a friendship",
            "pairs: \(report.pairsTotal) (\(verb) \(report.pairsWritten), unchanged \(report.pairsUnchanged), kept \(report.pairsKept))",
            "blocks: \(report.blocksInFile) in file (\(verb) \(report.blocksWritten), unchanged \(report.blocksUnchanged), kept \(report.blocksKept))",
            "actions \(verb): \(report.actionsWritten)",
            "status: " + report.statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            "conflicts: " + report.conflictsByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            "http: \(report.httpRequests) requests, \(report.httpRetries) retried",
        ]
        let failed = report.skippedRooms.filter { $0.reason.hasPrefix("read failed") }
        if !failed.isEmpty { lines.append("partial: \(failed.count) rooms could not be read; run again") }
        return lines
    }
}
