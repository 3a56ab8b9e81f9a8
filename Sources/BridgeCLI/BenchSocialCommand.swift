import Foundation

/// `social-bridge bench social`: GetFriends round trip (a user with 1,000 friends, limit 50) relative to a
/// ping on the same connection, and request→subscriber push latency at a given update rate, against the
/// real server (RPCWebSocketServer + SocialService handlers) on a temporary SQLite store.
enum BenchSocialCommand: Command {
    static let name = "social"
    static let abstract = "GetFriends vs ping round trip; update push latency."
    static let discussion: String? = """
        The store is seeded through the migration's batch import. Updates are
        UpsertFriendship request and cancel calls sent over one connection (each after
        the previous answer, paced at the target rate) while a second connection holds
        SubscribeToFriendshipUpdates. Connections authenticate with a benchmark-only
        authenticator that trusts the credential as the address; it exists nowhere
        else.
        """
    static let options: [OptionSpec] = [
        .option("friends", valueName: "n", help: "Friends of the user whose list is read.", defaultValue: "1000"),
        .option("limit", valueName: "n", help: "GetFriends page size.", defaultValue: "50"),
        .option("iterations", valueName: "n", help: "Measured GetFriends calls (and pings).", defaultValue: "2000"),
        .option("updates-per-second", valueName: "n", help: "Target update rate.", defaultValue: "1000"),
        .option("seconds", valueName: "s", help: "How long updates are sent.", defaultValue: "5"),
        .benchJSON,
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let seconds: Double = try arguments.required("seconds")
        guard seconds > 0 && seconds <= 3600 else { throw UsageError("--seconds must be in (0, 3600]") }
        let settings = BenchSocialMeasurement.Settings(
            friends: try arguments.positive("friends"), limit: try arguments.positive("limit"),
            iterations: try arguments.positive("iterations"),
            updatesPerSecond: try arguments.positive("updates-per-second"), seconds: seconds)
        guard settings.friends <= 1_000_000, settings.limit <= 1000, settings.updatesPerSecond <= 1_000_000 else {
            throw UsageError("--friends ≤ 1000000, --limit ≤ 1000, --updates-per-second ≤ 1000000")
        }
        let server = try BenchSocialServer()
        let figures: BenchSocialMeasurement.Figures = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { () throws -> BenchSocialMeasurement.Figures in
                    defer { server.shutdown() }
                    return try measure(server: server, settings: settings)
                })
            }
        }
        report(figures, settings).print(json: arguments.flag("json"), to: context)
        return ExitCode.success
    }

    private static func measure(server: BenchSocialServer, settings: BenchSocialMeasurement.Settings) throws -> BenchSocialMeasurement.Figures {
        guard let user = BenchSocialServer.address(1), let actor = BenchSocialServer.address(2),
              let subscriber = BenchSocialServer.address(3) else { throw BenchFailure("bad synthetic address") }
        _ = try server.seedFriends(of: user, count: settings.friends)
        let measurement = BenchSocialMeasurement(server: server, settings: settings, user: user, actor: actor, subscriber: subscriber)
        var figures = BenchSocialMeasurement.Figures()
        try measurement.measureRoundTrips(into: &figures)
        try measurement.measurePushes(into: &figures)
        return figures
    }

    static func report(_ figures: BenchSocialMeasurement.Figures, _ settings: BenchSocialMeasurement.Settings) -> BenchReport {
        var report = BenchReport(benchmark: "social")
        let friends = figures.getFriends.sorted(), pings = figures.ping.sorted(), pushes = figures.pushLatencies.sorted()
        report.add("friends", "friends seeded", .int(settings.friends))
        report.add("limit", "page limit", .int(settings.limit))
        report.add("page_size", "page returned", .int(figures.pageSize), unit: "friends, total \(figures.pageTotal)")
        report.add("page_total", "page total", .int(figures.pageTotal))
        report.add("iterations", "round trips", .int(friends.count))
        for (key, label, samples) in [("get_friends", "GetFriends", friends), ("ping", "baseline: ping, same connection", pings)] {
            report.add("\(key)_median_us", "\(label) median", .number(BenchTiming.percentile(samples, 0.5), digits: 1), unit: "µs")
            report.add("\(key)_p99_us", "\(label) p99", .number(BenchTiming.percentile(samples, 0.99), digits: 1), unit: "µs")
        }
        report.add("get_friends_to_ping_median", "GetFriends / ping (median)",
                   .number(BenchReport.ratio(BenchTiming.percentile(friends, 0.5), BenchTiming.percentile(pings, 0.5)), digits: 2), unit: "x")
        report.add("updates_target_per_second", "updates target", .int(settings.updatesPerSecond), unit: "/s")
        report.add("updates_sent", "updates sent", .int(figures.updatesSent))
        report.add("updates_achieved_per_second", "updates achieved", .number(figures.achievedRate, digits: 1), unit: "/s")
        for (key, fraction) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0)] {
            report.add("push_\(key)_us", "push latency \(key)", .number(BenchTiming.percentile(pushes, fraction), digits: 1), unit: "µs")
        }
        report.add("push_p50_to_ping_median", "push p50 / ping (median)",
                   .number(BenchReport.ratio(BenchTiming.percentile(pushes, 0.5), BenchTiming.percentile(pings, 0.5)), digits: 2), unit: "x")
        report.note("updates: UpsertFriendship request/cancel over the wire from one connection, one call in flight; "
            + "latency = request sent -> FriendshipUpdate received on the subscriber's connection")
        report.note("server: RPCWebSocketServer + SocialService handlers, temp SQLite store seeded by batch import; benchmark-only trusting authenticator")
        return report
    }
}
