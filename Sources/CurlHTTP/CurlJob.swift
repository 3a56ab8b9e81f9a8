import Synchronization

/// One queued request: what to send, where to deliver the outcome, and a cancellation flag the
/// worker thread polls.
final class CurlJob: Sendable {
    let request: HTTPRequest
    private let continuation = Mutex<CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>?>(nil)
    private let cancelled = Atomic<Bool>(false)

    init(request: HTTPRequest) {
        self.request = request
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    func attach(_ continuation: CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    /// Delivers the outcome exactly once (later calls are ignored).
    func finish(_ result: Result<HTTPResponse, HTTPClientError>) {
        let continuation = self.continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        continuation?.resume(returning: result)
    }
}
