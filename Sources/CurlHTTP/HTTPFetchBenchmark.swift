import Foundation

/// Figures of one ``HTTPFetchBenchmark`` run.
public struct HTTPFetchFigures: Sendable, Equatable, Codable {
    /// Requests attempted.
    public var requests: Int
    /// Requests that got a 2xx answer.
    public var succeeded: Int
    /// Requests that failed (error or non-2xx).
    public var failed: Int
    /// Body bytes received.
    public var bytes: Int
    /// Wall time of the whole run, in milliseconds.
    public var wallMilliseconds: Double
    /// Requests per second over the wall time.
    public var requestsPerSecond: Double { wallMilliseconds > 0 ? Double(requests) * 1000 / wallMilliseconds : 0 }
}

/// Fetches a fixed list of requests with bounded concurrency and reports the figures: the floor a
/// migration's reads can be compared with (the same pages, the same concurrency, no processing).
public enum HTTPFetchBenchmark {
    /// Sends every request, at most `concurrency` at a time, and measures the wall time.
    /// - Parameters:
    ///   - requests: what to fetch (e.g. the admin pages a migration reads).
    ///   - transport: the client to measure (a ``CurlHTTPClient`` with `maxConcurrency` ≥ `concurrency`).
    ///   - concurrency: requests in flight at once.
    /// - Returns: counts, bytes and wall time.
    public static func run(_ requests: [HTTPRequest], using transport: any HTTPTransport, concurrency: Int) async -> HTTPFetchFigures {
        let clock = ContinuousClock()
        let start = clock.now
        var figures = HTTPFetchFigures(requests: requests.count, succeeded: 0, failed: 0, bytes: 0, wallMilliseconds: 0)
        await withTaskGroup(of: (ok: Bool, bytes: Int).self) { group in
            var next = 0
            func add() {
                guard next < requests.count else { return }
                let request = requests[next]
                next += 1
                group.addTask {
                    do {
                        let response = try await transport.send(request)
                        return (response.isSuccess, response.body.count)
                    } catch {
                        return (false, 0)
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { add() }
            while let outcome = await group.next() {
                if outcome.ok { figures.succeeded += 1 } else { figures.failed += 1 }
                figures.bytes += outcome.bytes
                add()
            }
        }
        let elapsed = clock.now - start
        figures.wallMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return figures
    }
}
