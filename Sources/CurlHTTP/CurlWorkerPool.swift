import Foundation

/// Worker threads that each own one ``CurlEasyHandle`` and take jobs from a shared FIFO queue.
///
/// Threads start lazily (one per concurrent request, up to the limit) and live until `shutdown`.
/// Blocking `curl_easy_perform` on dedicated threads keeps the cooperative Swift executor free.
final class CurlWorkerPool: @unchecked Sendable {
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [CurlJob] = []
    private var queueHead = 0
    private var workers = 0
    private var idleWorkers = 0
    private var stopping = false

    private let configuration: HTTPClientConfiguration
    private let counters: HTTPCounters

    init(configuration: HTTPClientConfiguration, counters: HTTPCounters) {
        self.configuration = configuration
        self.counters = counters
    }

    /// Queues `job`; its outcome arrives through `job.finish`.
    func enqueue(_ job: CurlJob) {
        condition.lock()
        if stopping {
            condition.unlock()
            job.finish(.failure(.cancelled))
            return
        }
        queue.append(job)
        let spawn = idleWorkers == 0 && workers < configuration.maxConcurrency
        if spawn { workers += 1 }
        condition.signal()
        condition.unlock()
        if spawn { startWorker() }
    }

    /// Stops the workers once the queue is drained; queued jobs still run.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func startWorker() {
        let thread = Thread { [self] in runWorker() }
        thread.name = "curl-worker"
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func nextJob() -> CurlJob? {
        condition.lock()
        defer { condition.unlock() }
        while queueHead == queue.count {
            if stopping { return nil }
            idleWorkers += 1
            condition.wait()
            idleWorkers -= 1
        }
        let job = queue[queueHead]
        queueHead += 1
        if queueHead > 64 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return job
    }

    private func runWorker() {
        let handle = CurlEasyHandle(configuration: configuration)
        while let job = nextJob() {
            if job.isCancelled {
                job.finish(.failure(.cancelled))
                continue
            }
            guard let handle else {
                job.finish(.failure(.transport(code: 2, message: "curl_easy_init failed")))
                continue
            }
            counters.recordRequest()
            let result = handle.perform(job)
            switch result {
            case .success(let response): counters.recordBytes(response.body.count)
            case .failure(.cancelled): break
            case .failure: counters.recordFailure()
            }
            job.finish(result)
        }
        condition.lock()
        workers -= 1
        condition.unlock()
    }
}
