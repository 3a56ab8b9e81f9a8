import SocialProtocol

/// `social-bridge bench codec`: encode/decode throughput of a full friends page.
enum BenchCodecCommand: Command {
    static let name = "codec"
    static let abstract = "Protobuf encode/decode throughput of a friends page."
    static let options: [OptionSpec] = [
        .option("friends", valueName: "n", help: "Profiles in the page.", defaultValue: "100"),
        .option("iterations", valueName: "n", help: "Encode/decode rounds.", defaultValue: "2000"),
        .benchJSON,
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let friends = try arguments.positive("friends"), iterations = try arguments.positive("iterations")
        let figures = try CodecBenchmark.run(friendsPerPage: friends, iterations: iterations)
        guard figures.roundTripsExactly else { throw BenchFailure("the decoded page differs from the encoded one") }
        var report = BenchReport(benchmark: "codec")
        report.add("friends_per_page", "friends per page", .int(figures.friendsPerPage))
        report.add("page_bytes", "page size", .int(figures.pageBytes), unit: "bytes")
        report.add("iterations", "iterations", .int(iterations))
        report.add("encodes_per_second", "encodes", .number(figures.encodesPerSecond, digits: 1), unit: "pages/s")
        report.add("decodes_per_second", "decodes", .number(figures.decodesPerSecond, digits: 1), unit: "pages/s")
        report.add("decode_megabytes_per_second", "decode throughput", .number(figures.decodeMegabytesPerSecond, digits: 2), unit: "MB/s")
        report.add("decode_to_encode_time", "decode time / encode time",
                   .number(BenchReport.ratio(figures.encodesPerSecond, figures.decodesPerSecond), digits: 2), unit: "x")
        report.add("round_trips_exactly", "round trips exactly", .bool(figures.roundTripsExactly))
        report.print(json: arguments.flag("json"), to: context)
        return ExitCode.success
    }
}
