import Foundation
import Testing
import WebSocket

@Suite struct BenchmarkTests {
    /// A small run of the public benchmark: the figures exist and every idle connection was held.
    @Test func smallBenchmarkHoldsEveryConnection() async throws {
        let result = try await WebSocketBenchmark.run(connections: 200, pingSamples: 20)
        #expect(result.connectionsRequested == 200)
        #expect(result.connectionsHeld == 200)
        #expect(result.pingSamples == 20)
        #expect(result.residentAfterKiB > 0 && result.residentBeforeKiB > 0)
        #expect(result.description.contains("idle connections held: 200 of 200"))
    }

    /// The full figure (10,000 connections): only when asked, since it takes seconds and machine resources.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SOCIALBRIDGE_WS_BENCH"] != nil, "set SOCIALBRIDGE_WS_BENCH=<connections> to run"))
    func fullBenchmark() async throws {
        let count = Int(ProcessInfo.processInfo.environment["SOCIALBRIDGE_WS_BENCH"] ?? "") ?? 10_000
        let result = try await WebSocketBenchmark.run(connections: count, pingSamples: 2000)
        print(result)
        #expect(result.connectionsHeld == result.connectionsRequested)
    }
}
