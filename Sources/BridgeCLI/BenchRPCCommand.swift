import RPCTransport

/// `social-bridge bench rpc`: a unary call's round trip against a WebSocket ping on the same connection.
enum BenchRPCCommand: Command {
    static let name = "rpc"
    static let abstract = "Unary RPC round trip relative to a WebSocket ping."
    static let options: [OptionSpec] = [
        .option("iterations", valueName: "n", help: "Measured round trips of each kind.", defaultValue: "10000"),
        .option("payload", valueName: "bytes", help: "Bytes in each echo request and response.", defaultValue: "32"),
        .benchJSON,
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let iterations = try arguments.positive("iterations")
        let payload: Int = try arguments.required("payload")
        guard (0...65_536).contains(payload) else { throw UsageError("--payload must be between 0 and 65536") }
        let result = try await RPCBenchmark.run(iterations: iterations, payloadSize: payload, warmup: min(500, iterations))
        var report = BenchReport(benchmark: "rpc")
        report.add("iterations", "iterations", .int(result.iterations))
        report.add("payload_bytes", "echo payload", .int(payload), unit: "bytes")
        add(result.unary, as: "unary", "unary call", to: &report)
        add(result.ping, as: "ping", "baseline: websocket ping", to: &report)
        report.add("unary_to_ping_median", "unary / ping (median)", .number(result.medianRatio, digits: 2), unit: "x")
        report.note("in-process RPCWebSocketServer with an echo service; alternating calls and pings on one loopback connection")
        report.print(json: arguments.flag("json"), to: context)
        return ExitCode.success
    }

    static func add(_ summary: RPCBenchmark.Summary, as key: String, _ label: String, to report: inout BenchReport) {
        report.add("\(key)_median_us", "\(label) median", .number(summary.median, digits: 1), unit: "µs")
        report.add("\(key)_p99_us", "\(label) p99", .number(summary.p99, digits: 1), unit: "µs")
        report.add("\(key)_mean_us", "\(label) mean", .number(summary.mean, digits: 1), unit: "µs")
        report.add("\(key)_min_us", "\(label) min", .number(summary.minimum, digits: 1), unit: "µs")
    }
}
