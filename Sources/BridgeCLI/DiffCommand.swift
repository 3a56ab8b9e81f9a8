import CurlHTTP
import Foundation
import MatrixClient
import Migration
import SocialStore

/// `social-bridge diff`: compares the legacy Matrix side with a SocialBridge database, pair by pair and
/// block by block, and exits as diff(1) does.
public enum DiffCommand: Command {
    public static let name = "diff"
    public static let abstract = "Compare legacy Matrix friendships with a SocialBridge database."
    public static let discussion: String? = """
        Derives every pair with migrate's own reader and rules, reads the database read-only in
        the same order, and lists each difference: missing_new, missing_legacy, differs (naming
        the fields), and with --blocks block_missing_new and block_missing_legacy. Status,
        requester, acting user, active and message are compared; timestamps are only shown.
        Expected, not drift: a difference explained by a decision journaled for the legacy
        winner (new_side_newer, blocked_pair, bridge_echo), by actions waiting in the mirror
        outbox (mirror_pending), a requester the row kept from an earlier cycle
        (requester_kept), and without --blocks a pair the database blocks (blocks_not_compared).
        --users FILE takes migrate's format (one @0x…:server id or address per line, # comments)
        and restricts both sides to pairs with a listed member and blocks by a listed user.
        Writes nothing: the database and the homeserver are unchanged by a diff.
        Exit codes: 0 no drift, 1 drift found, 2 could not compare (usage error, homeserver
        unreachable or refusing the token, database missing or not a SocialBridge store).
        """

    /// Exit code when drift was found.
    public static let driftExitCode: Int32 = 1
    /// Exit code when the comparison could not be made.
    public static let troubleExitCode: Int32 = 2

    public static let options: [OptionSpec] = [
        .option("homeserver", valueName: "url", help: "Base URL of the legacy homeserver.", required: true),
        .option("admin-token", valueName: "token", help: "Access token of a server admin (only reads are made).", required: true,
                secret: true),
        .option("db", valueName: "file", help: "SQLite database to compare (read-only; never created).", required: true),
        .option("blocks", valueName: "file", help: "Profiles file as for migrate --blocks; compares blocks too."),
        .option("mapping", valueName: "name|file", help: "Legacy layout mapping: a built-in name (see 'mappings list') or a JSON file.",
                defaultValue: Mapping.defaultBuiltInName),
        .option("server-name", valueName: "name", help: "Local server name (default: learnt from the admin token's whoami)."),
        .option("users", valueName: "file", help: "Restrict both sides to pairs with a listed member (as migrate --users)."),
        .option("concurrency", valueName: "n", help: "Homeserver requests in flight.", defaultValue: "8"),
        .option("format", valueName: "format", help: "Output format.", defaultValue: "table", allowedValues: ["table", "json"]),
        .option("report", valueName: "file", help: "Also write the JSON form there, whatever --format says."),
    ]

    public static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let homeserverURL: String = try arguments.required("homeserver")
        let token: String = try arguments.required("admin-token")
        let dbPath: String = try arguments.required("db")
        let concurrency: Int = try arguments.required("concurrency")
        let format: String = try arguments.required("format")
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
        options.concurrency = concurrency
        if let blocks = arguments.string("blocks") {
            guard let data = FileManager.default.contents(atPath: blocks) else { throw UsageError("cannot read --blocks \(blocks)") }
            options.blocksFile = data
        }
        if let users = arguments.string("users") {
            guard let text = try? String(contentsOfFile: users, encoding: .utf8) else { throw UsageError("cannot read --users \(users)") }
            options.userFilter = text.components(separatedBy: .newlines)
        }
        let renderer = MigrationProgressRenderer(output: context.stderr, isTTY: isatty(2) == 1 && context.environment["TERM"] != "dumb")
        options.progress = { renderer.render($0) }

        let report: DiffReport
        do {
            // The database first: a missing or foreign file is refused before any homeserver read.
            let social = try SocialStore(path: dbPath, options: .readOnly)
            let (client, counters) = MatrixClient.live(
                homeserver: homeserverURL, accessToken: token, configuration: HTTPClientConfiguration(maxConcurrency: concurrency))
            let homeserver = MatrixLegacyHomeserver(client: client) {
                let snapshot = counters.snapshot
                return (snapshot.requests, snapshot.retries)
            }
            report = try await DiffEngine(homeserver: homeserver, store: SocialStoreDiffStore(store: social), options: options).run()
            renderer.finish()
            if let path = arguments.string("report") {
                do { try Data(report.json().utf8).write(to: URL(fileURLWithPath: path)) } catch {
                    throw ReportWriteError(path: path, reason: error.localizedDescription)
                }
            }
        } catch {
            renderer.finish()
            context.stderr.line("Error: \(describe(error, homeserver: homeserverURL))")
            return troubleExitCode
        }
        context.stdout.write(format == "json" ? report.json() : renderTable(report))
        return report.hasDrift ? driftExitCode : ExitCode.success
    }

    private struct ReportWriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write --report \(path): \(reason)" }
    }

    /// An operator's message for what stopped the comparison.
    static func describe(_ error: any Error, homeserver: String) -> String {
        if case MigrationError.homeserver(.failed(let detail)) = error { return "cannot read the homeserver \(homeserver): \(detail)" }
        if case MigrationError.listing(let detail) = error { return "cannot read the homeserver \(homeserver): \(detail)" }
        return "\(error)"
    }

    /// Drift, then expected differences, as aligned tables; then the summary line.
    ///
    /// A pair's LEGACY and NEW cells give `<status> by <acting user>` and, for a pair both sides hold, only the
    /// other fields that differ (all of them when one side lacks the pair); ROOM and EVENT are behind the legacy
    /// value, ACTION behind the new one.
    static func renderTable(_ report: DiffReport) -> String {
        func table(_ entries: [DiffEntry], reasons: Bool) -> String {
            var table = TextTable(headers: ["KIND"] + (reasons ? ["REASON"] : [])
                + ["USERS", "FIELDS", "LEGACY", "ROOM", "EVENT", "NEW", "ACTION"])
            for entry in entries {
                var cells = [entry.kind.rawValue]
                if reasons { cells.append(entry.reason?.rawValue ?? "") }
                switch entry {
                case .pair(let pair):
                    let full = pair.legacy == nil || pair.new == nil
                    cells += [pair.users.description, pair.fields.isEmpty ? "-" : pair.fields.map(\.rawValue).joined(separator: ",")]
                    if let legacy = pair.legacy {
                        cells += [describe(legacy.status.rawValue, by: legacy.actingUser.rawValue, requester: legacy.requester.rawValue,
                                           active: legacy.active, message: legacy.message, fields: pair.fields, full: full)
                                    + (legacy.decidingBlock == nil ? "" : " (profile block)"),
                                  legacy.roomID, legacy.eventID]
                    } else {
                        cells += ["-", "-", "-"]
                    }
                    if let new = pair.new {
                        cells += [describe(new.status?.rawValue ?? "no action", by: new.actingUser?.rawValue, requester: new.requester.rawValue,
                                           active: new.active, message: new.message, fields: pair.fields, full: full),
                                  new.actionID ?? "-"]
                    } else {
                        cells += ["-", "-"]
                    }
                case .block(let block):
                    cells += ["\(block.block.blocker.rawValue) blocks \(block.block.blocked.rawValue)", "-",
                              block.kind == .blockMissingNew ? "in profiles" : "-", "-", "-",
                              block.kind == .blockMissingLegacy ? "blocks row" : "-", "-"]
                }
                table.append(cells)
            }
            return table.render()
        }
        var text = "DRIFT (\(report.drift.count))\n"
        if !report.drift.isEmpty { text += table(report.drift, reasons: false) }
        text += "\nEXPECTED (\(report.expected.count))\n"
        if !report.expected.isEmpty { text += table(report.expected, reasons: true) }
        text += "\npairs compared: \(report.pairsCompared), blocks compared: \(report.blocksCompared), "
            + "drift: \(report.drift.count), expected: \(report.expected.count)\n"
        return text
    }

    /// `accept by 0x…`, then `requester 0x…`, `active`/`inactive`, `message "…"` where they differ (or `full`).
    private static func describe(_ status: String, by actor: String?, requester: String, active: Bool, message: String?,
                                 fields: [DiffField], full: Bool) -> String {
        var parts = ["\(status) by \(actor ?? "-")"]
        if full || fields.contains(.requester) { parts.append("requester \(requester)") }
        if full || fields.contains(.active) { parts.append(active ? "active" : "inactive") }
        if full || fields.contains(.message) { parts.append(message.map { "message " + JSONText.string($0) } ?? "no message") }
        return parts.joined(separator: ", ")
    }
}
