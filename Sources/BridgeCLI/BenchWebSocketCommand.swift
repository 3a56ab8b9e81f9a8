import WebSocket

/// `social-bridge bench ws`: idle connections held, server RSS per idle connection, ping round trip.
enum BenchWebSocketCommand: Command {
    static let name = "ws"
    static let abstract = "Idle WebSocket connections held, RSS per connection, ping round trip."
    static let discussion: String? = """
        Raises the soft descriptor limit to the hard one; asks for fewer connections
        when even that is too low, and reports what was achieved. The clients run in a
        forked process.
        """
    static let options: [OptionSpec] = [
        .option("connections", valueName: "n", help: "Idle connections to open.", defaultValue: "10000"),
        .option("pings", valueName: "n", help: "Ping round trips to time.", defaultValue: "1000"),
        .benchJSON,
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let connections = try arguments.positive("connections"), pings = try arguments.positive("pings")
        let result = try await WebSocketBenchmark.run(connections: connections, pingSamples: pings)
        var report = BenchReport(benchmark: "ws")
        report.add("connections_asked", "connections asked", .int(connections))
        report.add("connections_requested", "connections opened (fd limit)", .int(result.connectionsRequested))
        report.add("connections_held", "idle connections held", .int(result.connectionsHeld))
        report.add("rss_before_kib", "server RSS before", .int(result.residentBeforeKiB), unit: "KiB")
        report.add("rss_after_kib", "server RSS after", .int(result.residentAfterKiB), unit: "KiB")
        report.add("bytes_per_connection", "RSS per idle connection", .number(result.bytesPerConnection, digits: 1), unit: "bytes")
        report.add("client_process_kib", "client process RSS", result.clientProcessKiB.map { .int($0) } ?? .text("n/a"), unit: "KiB")
        report.add("setup_seconds", "setup", .number(result.setupSeconds, digits: 2), unit: "s")
        report.add("ping_samples", "ping samples", .int(result.pingSamples))
        report.add("ping_median_us", "ping round trip median", .number(result.pingMedianMicroseconds, digits: 1), unit: "µs")
        report.add("ping_p99_us", "ping round trip p99", .number(result.pingP99Microseconds, digits: 1), unit: "µs")
        if result.connectionsHeld < connections {
            report.note("held \(result.connectionsHeld) of the \(connections) asked (descriptor limit or setup failures)")
        }
        report.print(json: arguments.flag("json"), to: context)
        return ExitCode.success
    }
}
