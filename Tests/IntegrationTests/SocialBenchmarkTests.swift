import Foundation
import Testing
import BridgeDaemon
import BridgeTestSupport

/// The benchmark runs end to end (small sizes; figures are printed, never asserted). Set
/// SOCIALBRIDGE_BENCH_FULL=1 for the sizes (1,000 friends, 1,000 updates/s).
@Suite struct SocialBenchmarkTests {
    @Test func benchmarkCompletesAndReportsFigures() async throws {
        let full = ProcessInfo.processInfo.environment["SOCIALBRIDGE_BENCH_FULL"] == "1"
        let directory = try makeTemporaryDirectory("social-bench")
        let result = try await SocialBenchmark.run(
            directory: directory, friends: full ? 1000 : 100, iterations: full ? 2000 : 50,
            updates: full ? 2000 : 50, rate: 1000)
        print(result)
        #expect(result.friends == (full ? 1000 : 100))
        #expect(result.getFriends.p50 > 0 && result.ping.p50 > 0 && result.push.p50 > 0)
    }
}
