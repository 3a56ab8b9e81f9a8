import Synchronization

/// Carries one request's answer from an `HTTPRequestHandler` (any thread) back to its connection's
/// event loop, exactly once. Called on the loop while the handler's `handle` is still running, the
/// answer is handed over inline; otherwise it hops with `EventLoop.execute`. The channel drops an answer
/// whose connection closed or moved on meanwhile (it checks the request's token).
final class HTTPResponder: Sendable {
    private let loop: EventLoop
    private let channel: LoopBound<HTTPChannel>
    private let token: UInt64
    private let answered = Atomic<Bool>(false)

    init(loop: EventLoop, channel: HTTPChannel, token: UInt64) {
        self.loop = loop
        self.channel = LoopBound(channel)
        self.token = token
    }

    /// Delivers `response`; calls after the first are ignored (and logged).
    func respond(_ response: HTTPResponse) {
        guard !answered.exchange(true, ordering: .acquiringAndReleasing) else {
            loop.context.logger.log(.warning, "http handler answered one request twice; the second answer was ignored")
            return
        }
        deliver(response)
    }

    deinit {
        // The handler let go of the request without answering: answer for it rather than leave the client hanging.
        guard !answered.load(ordering: .acquiring) else { return }
        loop.context.logger.log(.error, "http handler dropped a request without answering; sent 500")
        deliver(.text("internal server error: the request was not answered\n", status: 500))
    }

    private func deliver(_ response: HTTPResponse) {
        let channel = self.channel, token = self.token, loop = self.loop
        if loop.isCurrent, channel.value.takesInlineAnswer(token: token) {
            channel.value.inlineAnswer = response
            return
        }
        loop.execute { [unowned loop] in channel.value.deliver(response, token: token, on: loop) }
    }
}

/// A loop-thread object carried across threads; only ever dereferenced on its loop's thread.
struct LoopBound<Value: AnyObject>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
