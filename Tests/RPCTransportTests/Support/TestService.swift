import Foundation
import RPCTransport

/// Procedure ids of the test service (registration order).
enum TestProcedure {
    static let echo: UInt32 = 1
    static let whoAmI: UInt32 = 2
    static let fail: UInt32 = 3
    static let crash: UInt32 = 4
    static let slow: UInt32 = 5
    static let nothing: UInt32 = 6
    static let count: UInt32 = 7
    static let events: UInt32 = 8
    static let setupFail: UInt32 = 9
    static let failAfterOne: UInt32 = 10
    /// Events, but its setup waits for `openGate` first.
    static let gatedEvents: UInt32 = 11
    /// 33 procedures in all, like SocialService.
    static let total = 33
    static let names: [String] = ["Echo", "WhoAmI", "Fail", "Crash", "Slow", "Nothing", "Count", "Events", "SetupFail", "FailAfterOne", "GatedEvents"]
        + (12...33).map { "Filler\($0)" }
}

/// The test module "TestService" with 33 procedures and the knobs the tests turn.
struct TestFixture: Sendable {
    struct InternalFailure: Error {}

    let service: RPCService
    let events = EventSource()
    let slowGate = Gate()
    let openGate = Gate()
    let pulls = Counter()

    init(name: String = "TestService") {
        var service = RPCService(name: name)
        let events = self.events, slowGate = self.slowGate, pulls = self.pulls, openGate = self.openGate
        service.unary("Echo") { (request: TestEcho, _) in request }
        service.unary("WhoAmI") { (_: TestEmpty, context) in
            TestEcho(text: context.identity, number: Int64(context.connectionID))
        }
        service.unary("Fail") { (_: TestEmpty, _) -> TestEmpty in throw RPCRemoteError("boom") }
        service.unary("Crash") { (_: TestEmpty, _) -> TestEmpty in throw InternalFailure() }
        service.unary("Slow") { (_: TestEmpty, _) in
            await slowGate.wait()
            return TestEcho(text: "slow")
        }
        service.unary("Nothing") { (_: TestEmpty, _) in TestEmpty() }
        service.serverStream("Count") { (request: TestEcho, _) in
            // Lazy: every element pulled is counted, so tests can see that the server pulls one per ACK.
            let limit = request.number
            let produced = Counter()
            return AsyncThrowingStream<TestEcho, any Error>(unfolding: {
                let next = produced.increment()
                guard next <= limit else { return nil }
                pulls.increment()
                return TestEcho(text: "element", number: Int64(next))
            })
        }
        service.serverStream("Events") { (_: TestEmpty, _) in events.makeStream() }
        service.serverStream("SetupFail") { (_: TestEmpty, _) -> AsyncThrowingStream<TestEcho, any Error> in
            throw RPCRemoteError("setup failed")
        }
        service.serverStream("FailAfterOne") { (_: TestEmpty, _) in
            AsyncThrowingStream<TestEcho, any Error> { continuation in
                continuation.yield(TestEcho(text: "one"))
                continuation.finish(throwing: RPCRemoteError("stream failed"))
            }
        }
        service.serverStream("GatedEvents") { (_: TestEmpty, _) in
            await openGate.wait()
            return events.makeStream()
        }
        for name in TestProcedure.names.dropFirst(11) {
            service.unary(name) { (_: TestEmpty, _) in TestEmpty() }
        }
        self.service = service
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int64 = 0

    @discardableResult func increment() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        count += 1
        return count
    }

    var value: Int64 {
        lock.lock(); defer { lock.unlock() }
        return count
    }
}

/// Feeds the "Events" stream from the test and records when a subscription starts and terminates.
final class EventSource: @unchecked Sendable {
    private let lock = NSLock()
    private var continuations: [AsyncThrowingStream<TestEcho, any Error>.Continuation] = []
    private var terminatedCount = 0

    func makeStream() -> AsyncThrowingStream<TestEcho, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: TestEcho.self)
        continuation.onTermination = { [weak self] _ in self?.didTerminate() }
        lock.lock()
        continuations.append(continuation)
        lock.unlock()
        return stream
    }

    var started: Int { lock.lock(); defer { lock.unlock() }; return continuations.count }
    var terminated: Int { lock.lock(); defer { lock.unlock() }; return terminatedCount }

    /// Sends an event to the most recent subscription.
    func yield(_ event: TestEcho) {
        lock.lock()
        let continuation = continuations.last
        lock.unlock()
        continuation?.yield(event)
    }

    /// Ends the most recent subscription normally.
    func finish() {
        lock.lock()
        let continuation = continuations.last
        lock.unlock()
        continuation?.finish()
    }

    private func didTerminate() {
        lock.lock()
        terminatedCount += 1
        lock.unlock()
    }

    /// Waits (up to a safety limit) until `condition` holds; returns whether it did.
    func waitUntil(_ condition: (EventSource) -> Bool) async -> Bool {
        for _ in 0..<1000 {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }
}
