/// `social-bridge bench migrate`: the migration benchmark needs a seeded Synapse and `curl`, so it is a
/// script; this prints how to run it (and where its figures come from).
enum BenchMigrateCommand: Command {
    static let name = "migrate"
    static let abstract = "How to run the migration vs curl benchmark (a script)."
    static let options: [OptionSpec] = [.benchJSON]

    static let script = "Tests/Support/bench_migrate.sh"

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        var report = BenchReport(benchmark: "migrate")
        report.add("script", "run", .text("bash \(script)"))
        report.note("starts a dedicated Synapse in .build-bench/synapse, seeds 1,000 users / ~800 pairs once (cached), "
            + "times `social-bridge migrate` into a fresh database, replays the same page reads with curl at the same "
            + "concurrency and prints both times and the ratio (target <= 1.25x)")
        report.note("BENCH_USERS, BENCH_PAIRS, BENCH_CONCURRENCY, BENCH_BIN and BENCH_JSON=1 adjust it; `bash \(script) stop` stops that Synapse")
        report.note("`bash \(script) diff` seeds the same way, then runs `social-bridge bench diff` (diff against migrate, peak RSS)")
        report.print(json: arguments.flag("json"), to: context)
        return ExitCode.success
    }
}
