/// The HTTP client over libcurl: a pool of worker threads, each with its own reusable easy handle
/// (keep-alive, HTTP/2 over TLS where offered, gzip), at most `maxConcurrency` requests in flight,
/// bridged to async/await.
///
/// Redirects are not followed (see ``HTTPClientConfiguration/followRedirectsForGET``). Header values
/// are never logged by this type; ``HTTPRequest/description`` redacts credentials.
public final class CurlHTTPClient: HTTPTransport {
    /// The configuration the client was created with.
    public let configuration: HTTPClientConfiguration
    /// Requests made, failed and bytes received by this client (shared with retry wrappers).
    public let counters: HTTPCounters
    private let pool: CurlWorkerPool

    /// Creates a client. Worker threads start on demand.
    /// - Parameters:
    ///   - configuration: limits and timeouts.
    ///   - counters: where to tally requests; a fresh set by default.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), counters: HTTPCounters = HTTPCounters()) {
        self.configuration = configuration
        self.counters = counters
        self.pool = CurlWorkerPool(configuration: configuration, counters: counters)
    }

    deinit { pool.shutdown() }

    /// Sends `request` and waits for the final response. Cancelling the calling task aborts the transfer.
    /// - Throws: ``HTTPClientError`` when no complete response arrived.
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let job = CurlJob(request: request)
        let pool = self.pool
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                job.attach(continuation)
                pool.enqueue(job)
            }
        } onCancel: {
            job.cancel()
        }
        return try result.get()
    }

    /// Stops the worker threads after the queued requests; later sends fail with `.cancelled`.
    public func shutdown() { pool.shutdown() }
}
