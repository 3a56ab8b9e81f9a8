import CurlHTTP
import Foundation
import MatrixClient
import Migration
import SocialStore

/// `social-bridge bench diff`: `diff` against `migrate` on the same homeserver, in one process: a warm-up
/// migrate (so both timed runs meet the same warm Synapse caches), then per round a timed diff of that
/// database and a timed migrate into a fresh one, each with its peak RSS (the high-water mark is reset
/// before each phase through `/proc/self/clear_refs`).
///
/// The admin token is read from an environment variable (`--token-env`, default the one the test scripts
/// export), never from argv. `Tests/Support/bench_migrate.sh diff` starts and seeds a dedicated Synapse.
enum BenchDiffCommand: Command {
    static let name = "diff"
    static let abstract = "diff wall time and peak RSS against migrate on the same homeserver."
    static let discussion: String? = """
        In one process: a warm-up migrate (untimed, so both timed runs meet warm homeserver
        caches), then per round a timed diff of its database and a timed migrate into a fresh
        one, in alternating order. Peak RSS is the high-water mark, reset before each phase. The admin token is read
        from the environment variable --token-env names, never from argv.
        'bash Tests/Support/bench_migrate.sh diff' seeds a dedicated Synapse and runs this.
        """
    static let options: [OptionSpec] = [
        .option("homeserver", valueName: "url", help: "Base URL of the seeded homeserver (default: $SOCIALBRIDGE_SYNAPSE_URL)."),
        .option("token-env", valueName: "name", help: "Environment variable holding the admin token.",
                defaultValue: "SOCIALBRIDGE_SYNAPSE_ADMIN_TOKEN"),
        .option("mapping", valueName: "name|file", help: "Legacy layout mapping: a built-in name or a JSON file.", defaultValue: Mapping.defaultBuiltInName),
        .option("concurrency", valueName: "n", help: "Homeserver requests in flight (both commands).", defaultValue: "8"),
        .option("rounds", valueName: "n", help: "Timed diff + migrate rounds (medians are reported).", defaultValue: "1"),
        .benchJSON,
    ]

    /// One timed phase.
    struct Phase {
        var seconds: Double
        var requests: Int
        var startKiB: Int
        var peakKiB: Int
    }

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let rounds = try arguments.positive("rounds"), concurrency = try arguments.positive("concurrency")
        let tokenVariable: String = try arguments.required("token-env")
        guard let homeserverURL = arguments.string("homeserver") ?? context.environment["SOCIALBRIDGE_SYNAPSE_URL"] else {
            throw UsageError("--homeserver is required (or set SOCIALBRIDGE_SYNAPSE_URL)")
        }
        guard let token = context.environment[tokenVariable], !token.isEmpty else {
            throw UsageError("the admin token is read from $\(tokenVariable), which is not set")
        }
        let mappingName: String = try arguments.required("mapping")
        let mapping: Mapping
        do { mapping = try Mapping.named(mappingName).mapping } catch {
            throw UsageError("invalid mapping \(mappingName): \(error)")
        }
        var options = MigrationOptions(mapping: mapping)
        options.concurrency = concurrency

        let (client, counters) = MatrixClient.live(
            homeserver: homeserverURL, accessToken: token, configuration: HTTPClientConfiguration(maxConcurrency: concurrency))
        let homeserver = MatrixLegacyHomeserver(client: client) { (counters.snapshot.requests, counters.snapshot.retries) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("social-bridge-bench-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        func timed(_ body: () async throws -> Void) async throws -> Phase {
            BenchMemory.resetPeak()
            let start = BenchMemory.status()
            let requests = counters.snapshot.requests
            let clock = ContinuousClock(), began = clock.now
            try await body()
            let seconds = BenchTiming.seconds(began.duration(to: clock.now))
            return Phase(seconds: seconds, requests: counters.snapshot.requests - requests,
                         startKiB: start.residentKiB, peakKiB: BenchMemory.status().peakKiB)
        }
        func migrate(into name: String) async throws -> MigrationReport {
            let store = try SocialStore(path: directory.appendingPathComponent(name).path)
            return try await MigrationEngine(homeserver: homeserver, store: SocialStoreMigrationStore(store: store), options: options).run()
        }

        let warm = try await migrate(into: "warm.db")
        guard !warm.isPartial else { throw BenchFailure("the warm-up migrate could not read every room") }
        var diffs: [Phase] = [], migrates: [Phase] = [], ratios: [Double] = []
        var last = DiffReport(), lastMigrate = warm
        for round in 0..<rounds {
            // Alternate which runs first, so neither always meets the caches the other just warmed.
            func runDiff() async throws {
                diffs.append(try await timed {
                    let store = try SocialStore(path: directory.appendingPathComponent("warm.db").path, options: .readOnly)
                    last = try await DiffEngine(homeserver: homeserver, store: SocialStoreDiffStore(store: store), options: options).run()
                })
                guard !last.hasDrift else { throw BenchFailure("diff found \(last.drift.count) drift entries right after migrate") }
            }
            func runMigrate() async throws { migrates.append(try await timed { lastMigrate = try await migrate(into: "round-\(round).db") }) }
            if round % 2 == 0 {
                try await runDiff()
                try await runMigrate()
            } else {
                try await runMigrate()
                try await runDiff()
            }
            ratios.append(BenchReport.ratio(diffs[round].seconds, migrates[round].seconds))
        }

        func median(_ phases: [Phase], _ value: (Phase) -> Double) -> Double { BenchTiming.percentile(phases.map(value).sorted(), 0.5) }
        let diffSeconds = median(diffs, \.seconds), migrateSeconds = median(migrates, \.seconds)
        var report = BenchReport(benchmark: "diff")
        report.add("pairs", "pairs compared", .int(last.pairsCompared))
        report.add("rooms", "rooms read", .int(warm.roomsStateRead))
        report.add("users", "users", .int(warm.usersTotal))
        report.add("rounds", "rounds", .int(rounds))
        report.add("migrate_seconds", "migrate wall time (fresh database)", .number(migrateSeconds, digits: 2), unit: "s")
        report.add("diff_seconds", "diff wall time", .number(diffSeconds, digits: 2), unit: "s")
        report.add("diff_to_migrate", "diff / migrate (median of the rounds' ratios)",
                   .number(BenchTiming.percentile(ratios.sorted(), 0.5), digits: 2), unit: "x (target <= 1.1x)")
        report.add("ratios", "ratio per round", .text(ratios.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        let readPhases = ["users", "rooms", "account_data", "rooms_state", "rescan", "reconcile"]
        report.add("migrate_read_seconds", "migrate read + reconcile (last round)",
                   .number(readPhases.compactMap { lastMigrate.timings[$0] }.reduce(0, +), digits: 2), unit: "s")
        report.add("migrate_write_seconds", "migrate writes (last round)",
                   .number(["write_pairs", "blocks"].compactMap { lastMigrate.timings[$0] }.reduce(0, +), digits: 2), unit: "s")
        report.add("diff_read_seconds", "diff read + reconcile (last round)",
                   .number(readPhases.compactMap { last.timings[$0] }.reduce(0, +), digits: 2), unit: "s")
        report.add("diff_compare_seconds", "diff compare (last round)",
                   .number(["compare_pairs", "compare_blocks"].compactMap { last.timings[$0] }.reduce(0, +), digits: 2), unit: "s")
        report.add("migrate_requests", "migrate homeserver requests", .int(migrates.last?.requests ?? 0))
        report.add("diff_requests", "diff homeserver requests", .int(diffs.last?.requests ?? 0))
        report.add("migrate_peak_rss_kib", "migrate peak RSS", .int(Int(median(migrates) { Double($0.peakKiB) })), unit: "KiB")
        report.add("diff_peak_rss_kib", "diff peak RSS", .int(Int(median(diffs) { Double($0.peakKiB) })), unit: "KiB")
        report.add("rss_before_kib", "RSS before each phase", .int(Int(median(diffs) { Double($0.startKiB) })), unit: "KiB")
        report.add("drift", "drift found", .int(last.drift.count))
        report.note("one process; a warm-up migrate first, then per round a diff of its database and a migrate into a fresh one, in alternating order")
        report.note("peak RSS is the process high-water mark reset before each phase; it includes what the process held before it")
        report.print(json: arguments.flag("json"), to: context)
        return ExitCode.success
    }
}

/// This process's resident memory from /proc/self/status, and a reset of its high-water mark (Linux).
enum BenchMemory {
    /// `VmRSS` and `VmHWM` in KiB (0 where unreadable).
    static func status() -> (residentKiB: Int, peakKiB: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.dropFirst(name.count + 1).filter(\.isNumber)) ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// Resets `VmHWM` to the current RSS (`echo 5 > /proc/self/clear_refs`); a no-op where refused.
    static func resetPeak() {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }
}
