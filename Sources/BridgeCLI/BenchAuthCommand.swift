import Authentication
import BridgeCrypto

/// `social-bridge bench auth`: auth-chain verifications per second on one core, against a single
/// personal_sign recovery timed in the same run (a three-link chain costs two recoveries plus parsing).
enum BenchAuthCommand: Command {
    static let name = "auth"
    static let abstract = "Auth-chain verifications per second on one core."
    static let options: [OptionSpec] = [
        .option("iterations", valueName: "n", help: "Verifications to time.", defaultValue: "2000"),
        .benchJSON,
    ]

    /// The ephemeral link of the benchmark chain (Tests/Support/auth_make_chains.py, seed
    /// "socialbridge-fixture"), recovered alone as the baseline.
    static let baselineMessage = "Decentraland Login\nEphemeral address: 0x7B69917C2c74112B90bc7FDc12C44Aa5Dbee96f8\nExpiration: 2026-01-01T01:00:00.000Z"
    static let baselineSignature = "0xdfb82e73aaae8e82b517fd8d81e946d5ce35d99ebff6a5c0108c162b5699836e25656340dac4babf6822673a5a7b501100784db0156ecbd5af797bb79905983b1c"
    static let baselineSigner = "0xc00d4b0ce5689033e97e77c2a02b7dbb7354fac8"

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let iterations = try arguments.positive("iterations")
        let report = try measure(iterations: iterations)
        report.print(json: arguments.flag("json"), to: context)
        return ExitCode.success
    }

    /// Runs both measurements on the calling thread (one core).
    static func measure(iterations: Int) throws -> BenchReport {
        let chain = benchmarkAuthChainVerification(iterations: iterations)
        let recovery = try timeRecoveries(iterations)
        var report = BenchReport(benchmark: "auth")
        report.add("chain_verifications_per_second", "chain verifications", .number(chain.verificationsPerSecond, digits: 1), unit: "/s (one core)")
        report.add("chain_iterations", "chain iterations", .int(chain.iterations))
        report.add("chain_seconds", "chain elapsed", .number(chain.seconds, digits: 3), unit: "s")
        report.add("chain_cpu_seconds", "chain CPU time", .number(chain.cpuSeconds, digits: 3), unit: "s")
        report.add("chain_verifications_per_cpu_second", "chain verifications per CPU second",
                   .number(BenchReport.ratio(Double(chain.iterations), chain.cpuSeconds), digits: 1), unit: "/s")
        report.add("chain_failures", "chain failures", .int(chain.failures))
        report.add("recoveries_per_second", "baseline: single recoveries", .number(recovery.wall, digits: 1), unit: "/s")
        report.add("recoveries_per_cpu_second", "baseline: recoveries per CPU second", .number(recovery.cpu, digits: 1), unit: "/s")
        report.add("recoveries_per_chain", "one chain costs",
                   .number(BenchReport.ratio(recovery.cpu, BenchReport.ratio(Double(chain.iterations), chain.cpuSeconds)), digits: 2),
                   unit: "recoveries (two signatures + parsing and checks)")
        report.note("three-link chain (SIGNER, ECDSA_EPHEMERAL, ECDSA_SIGNED_ENTITY); baseline = personal_sign recovery of its ephemeral link")
        return report
    }

    /// Recoveries per wall-clock second and per CPU second of this thread, of the ephemeral link's
    /// personal_sign signature.
    /// - Throws: `BenchFailure` when the recovery gives the wrong signer (the figures would be meaningless).
    static func timeRecoveries(_ iterations: Int) throws -> (wall: Double, cpu: Double) {
        let first = try PersonalSign.recoverAddress(message: baselineMessage, signature: baselineSignature)
        guard first.lowercased() == baselineSigner else { throw BenchFailure("baseline recovery gave \(first)") }
        let clock = ContinuousClock()
        let start = clock.now, cpuStart = BenchTiming.threadCPUSeconds()
        for _ in 0..<iterations { _ = try PersonalSign.recoverAddress(message: baselineMessage, signature: baselineSignature) }
        let cpu = BenchTiming.threadCPUSeconds() - cpuStart
        return (Double(iterations) / max(BenchTiming.seconds(start.duration(to: clock.now)), 1e-9), Double(iterations) / max(cpu, 1e-9))
    }
}
