import CEpoll
import Glibc

/// A connection before (or without) the WebSocket upgrade: reads HTTP/1.x requests, answers plain ones
/// through the `HTTPRequestHandler` (keep-alive, one request at a time), and hands upgrades over to a
/// `WebSocketConnection`. Lives on its event loop's thread only.
///
/// Phases of one request, each with its own deadline:
/// - head: the request line is validated byte by byte (a wrong byte is answered 400 at once); the whole
///   head is due within the header timeout from the accept (or from the previous response), else 408;
///   past the head limit 431;
/// - body: a Content-Length body up to the handler's limit for this head (over it: the handler's
///   refusal, before any body byte is read); it must keep arriving (a header timeout of silence is 408);
/// - handling: the handler has the request; nothing is read (no pipelining past a pending answer) and
///   no timeout runs; the connection is released if the peer hangs up meanwhile;
/// - writing: the answer goes out (a peer that takes nothing for a header timeout is dropped);
/// - lingering: after a final answer (Connection: close or a refusal) the write side is shut and input
///   is read and discarded until EOF or a short deadline, so the answer is not lost to a reset.
final class HTTPChannel: LoopClient {
    private enum Phase {
        case head
        case body(HTTPRequest, length: Int)
        case handling(keepAlive: Bool, isHead: Bool)
        case writing
        case lingering
        /// Released, or handed over to a WebSocket connection.
        case closed
    }

    let fd: Int32
    let remoteAddress: String
    private let context: ServerContext
    private var phase = Phase.head
    private var buffer: [UInt8] = []
    private var headReader = HTTPHeadReader()
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var closeAfterWrite = false
    /// Monotonic ms by which the current phase must make progress (unused while handling).
    private var deadline: UInt64
    private var servedRequests = 0
    private var interest = EPOLLIN.rawValue
    /// Inside `process`: answers written inline continue its loop instead of recursing into it.
    private var processing = false
    /// Identifies the request being handled; a late answer carrying an older token is dropped.
    private var answerToken: UInt64 = 0
    /// Inside the handler's `handle` call: an answer given there is taken inline.
    private var dispatching = false
    /// An answer given on this loop while `handle` ran; delivered when it returns.
    var inlineAnswer: HTTPResponse?

    init(fd: Int32, remoteAddress: String, context: ServerContext) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.context = context
        deadline = SocketOperations.nowMillis() + context.headerTimeoutMillis
    }

    private var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    func handle(events: UInt32, on loop: EventLoop) {
        guard !isClosed else { return }
        if events & EPOLLOUT.rawValue != 0 {
            writeOutput(on: loop)
            if isClosed { return }
        }
        if case .handling = phase {
            // Not reading: only a hang-up is of interest, and it ends the request (its answer is dropped).
            if events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                context.logger.log(.debug, "http \(remoteAddress): peer left before the answer")
                release(on: loop)
            }
            return
        }
        guard events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 else { return }
        let count = read(fd, loop.readBuffer.baseAddress, loop.readBuffer.count)
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            release(on: loop)
            return
        }
        guard count > 0 else { return }
        switch phase {
        case .lingering, .closed, .handling:
            return
        case .body:
            deadline = SocketOperations.nowMillis() + context.headerTimeoutMillis
        case .head, .writing:
            break
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
        process(on: loop)
    }

    func tick(now: UInt64, on loop: EventLoop) {
        guard now >= deadline else { return }
        switch phase {
        case .head:
            if servedRequests > 0 && !headReader.hasStarted && buffer.isEmpty {
                // An idle keep-alive connection: its client simply has nothing more to ask.
                release(on: loop)
            } else {
                refuse(.headerTimeout, status: 408, reason: "request head not received within the header timeout", on: loop)
            }
        case .body:
            refuse(.bodyTimeout, status: 408, reason: "request body stopped arriving", on: loop)
        case .writing:
            context.logger.log(.info, "http \(remoteAddress): peer takes no response bytes, dropping")
            release(on: loop)
        case .lingering:
            release(on: loop)
        case .handling, .closed:
            break
        }
    }

    func beginShutdown(on loop: EventLoop) { release(on: loop) }

    func forceClose(on loop: EventLoop) { release(on: loop) }

    // MARK: requests

    /// Reads as many requests from `buffer` as the phases allow: one head, its body, then the handler;
    /// an answer given inline and written at once lets the loop go on with pipelined bytes.
    private func process(on loop: EventLoop) {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while true {
            switch phase {
            case .head:
                guard readHead(on: loop) else { return }
            case .body(var request, let length):
                guard buffer.count >= length else { return }
                request.body = Array(buffer[0..<length])
                buffer.removeFirst(length)
                dispatch(request, on: loop)
            case .handling, .writing, .lingering, .closed:
                return
            }
        }
    }

    /// Advances the head phase; true when it moved on to a body, false to wait (or when the connection
    /// was answered, refused or upgraded).
    private func readHead(on loop: EventLoop) -> Bool {
        let configuration = context.configuration
        let outcome: HTTPHeadReader.Outcome
        do throws(HTTPParseError) {
            outcome = try headReader.scan(buffer, maxHeadSize: configuration.maxRequestHeadSize)
        } catch {
            refuse(error, on: loop)
            return false
        }
        guard case .complete(var request, let headLength) = outcome else { return false }
        request.remoteAddress = remoteAddress
        if WebSocketHandshake.isUpgradeRequest(request) {
            upgrade(request, leftover: Array(buffer[headLength...]), on: loop)
            return false
        }
        let length: Int
        do throws(HTTPParseError) {
            length = try HTTPRequestParser.bodyLength(of: request)
        } catch {
            refuse(error, on: loop)
            return false
        }
        let limit = context.httpHandler?.maximumBodySize(for: request, serverLimit: configuration.maxRequestBodySize)
            ?? configuration.maxRequestBodySize
        if length > limit {
            context.logger.log(.info, "http \(remoteAddress): \(request.method) \(request.path) body of \(length) bytes over its limit of \(limit)")
            context.reject(.bodyTooLarge)
            let response = context.httpHandler?.bodyTooLargeResponse(for: request, limit: limit)
                ?? .text("request body too large (limit \(limit) bytes)\n", status: 413)
            write(response, keepAlive: false, isHead: request.method == "HEAD", on: loop)
            return false
        }
        buffer.removeFirst(headLength)
        headReader = HTTPHeadReader()
        deadline = SocketOperations.nowMillis() + context.headerTimeoutMillis
        phase = .body(request, length: length)
        if length > buffer.count, request.version == "HTTP/1.1", request.headers.tokens("Expect").contains("100-continue") {
            // The client waits for this before sending a body it has been told we accept.
            output.append(contentsOf: Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            writeOutput(on: loop)
        }
        return !isClosed
    }

    /// Hands a complete request to the handler (or answers it when there is none).
    private func dispatch(_ request: HTTPRequest, on loop: EventLoop) {
        servedRequests += 1
        answerToken &+= 1
        let token = answerToken
        phase = .handling(keepAlive: wantsKeepAlive(request), isHead: request.method == "HEAD")
        guard let handler = context.httpHandler else {
            deliver(fallbackResponse(request), token: token, on: loop)
            return
        }
        do {
            let responder = HTTPResponder(loop: loop, channel: self, token: token)
            dispatching = true
            handler.handle(request) { responder.respond($0) }
            dispatching = false
        }
        if let answer = inlineAnswer {
            inlineAnswer = nil
            deliver(answer, token: token, on: loop)
        } else {
            // The answer comes later: stop reading, watch for a hang-up only.
            updateInterest(on: loop)
        }
    }

    /// Whether a responder called on this thread now may hand its answer over inline.
    func takesInlineAnswer(token: UInt64) -> Bool { dispatching && token == answerToken }

    /// The handler's answer for request `token`, on the loop thread. Dropped when the connection closed or
    /// the request is no longer the pending one: nothing is ever written to a descriptor released meanwhile.
    func deliver(_ response: HTTPResponse, token: UInt64, on loop: EventLoop) {
        guard case .handling(let keepAlive, let isHead) = phase, token == answerToken else { return }
        write(response, keepAlive: keepAlive, isHead: isHead, on: loop)
    }

    private func fallbackResponse(_ request: HTTPRequest) -> HTTPResponse {
        if let path = context.configuration.webSocketPath, request.path == path {
            return HTTPResponse(status: 426, headers: [("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13")],
                                body: Array("WebSocket upgrade required\n".utf8))
        }
        return .text("not found\n", status: 404)
    }

    private func wantsKeepAlive(_ request: HTTPRequest) -> Bool {
        let tokens = request.headers.tokens("Connection")
        if request.version == "HTTP/1.0" { return tokens.contains("keep-alive") }
        return !tokens.contains("close")
    }

    private func upgrade(_ request: HTTPRequest, leftover: [UInt8], on loop: EventLoop) {
        if let path = context.configuration.webSocketPath, request.path != path {
            write(.text("not found\n", status: 404), keepAlive: false, isHead: false, on: loop)
            return
        }
        switch WebSocketHandshake.evaluate(request) {
        case .reject(let response):
            context.logger.log(.info, "http \(remoteAddress): upgrade refused with \(response.status)")
            context.reject(.badUpgrade)
            write(response, keepAlive: false, isHead: false, on: loop)
        case .accept(let response, let subprotocol):
            let overCapacity = context.openConnections.load(ordering: .relaxed) >= context.configuration.maxConnections
            if !overCapacity, case .refuse(let refusal, let rejection) = context.handler.webSocketShouldUpgrade(request) {
                context.logger.log(.info, "http \(remoteAddress): upgrade refused with \(refusal.status) (\(rejection))")
                context.reject(rejection)
                write(refusal, keepAlive: false, isHead: false, on: loop)
                return
            }
            let connection = WebSocketConnection(fd: fd, loop: loop, request: request, subprotocol: subprotocol, remoteAddress: remoteAddress)
            phase = .closed
            buffer = []
            if interest != EPOLLIN.rawValue { loop.modify(fd, events: EPOLLIN.rawValue) }
            loop.replace(fd, with: connection)
            let bytes = response.serialized(keepAlive: true)
            connection.output.withLock { queue in
                queue.append(bytes)
                connection.armIfBlocked(queue.flush(fd), &queue)
            }
            connection.open(leftover: leftover, overCapacity: overCapacity)
        }
    }

    /// Answers with `status` and closes: a request the server refuses on its own.
    private func refuse(_ rejection: HTTPRejection, status: Int, reason: String, on loop: EventLoop) {
        context.logger.log(.info, "http \(remoteAddress): \(status) \(reason)")
        context.reject(rejection)
        write(.text(reason + "\n", status: status), keepAlive: false, isHead: false, on: loop)
    }

    private func refuse(_ error: HTTPParseError, on loop: EventLoop) {
        refuse(error.rejection, status: error.status, reason: error.reason, on: loop)
    }

    // MARK: output

    private func write(_ response: HTTPResponse, keepAlive: Bool, isHead: Bool, on loop: EventLoop) {
        output.append(contentsOf: response.serialized(keepAlive: keepAlive, includeBody: !isHead))
        closeAfterWrite = !keepAlive
        phase = .writing
        deadline = SocketOperations.nowMillis() + context.headerTimeoutMillis
        writeOutput(on: loop)
    }

    private func writeOutput(on loop: EventLoop) {
        if outputOffset < output.count {
            guard let written = SocketOperations.send(fd, output, from: outputOffset) else {
                release(on: loop)
                return
            }
            outputOffset += written
            if written > 0, case .writing = phase { deadline = SocketOperations.nowMillis() + context.headerTimeoutMillis }
            if outputOffset < output.count {
                updateInterest(on: loop)
                return
            }
            // Release the storage: an idle keep-alive connection keeps no buffer.
            output = []
            outputOffset = 0
        }
        guard case .writing = phase else {
            updateInterest(on: loop)
            return
        }
        if closeAfterWrite {
            // Half-close so the peer reads the whole response before the descriptor goes away.
            shutdown(fd, Int32(SHUT_WR))
            phase = .lingering
            buffer = []
            deadline = SocketOperations.nowMillis() + context.lingerMillis
        } else {
            phase = .head
            headReader = HTTPHeadReader()
            deadline = SocketOperations.nowMillis() + context.headerTimeoutMillis
            updateInterest(on: loop)
            // Pipelined bytes that arrived with the previous request (inside `process` its loop goes on).
            if !buffer.isEmpty { process(on: loop) } else { buffer = [] }
            return
        }
        updateInterest(on: loop)
    }

    /// Sets the epoll interest the phase needs: nothing but hang-ups while the handler works, output
    /// only while an answer is blocked, input otherwise.
    private func updateInterest(on loop: EventLoop) {
        guard !isClosed else { return }
        let wanted: UInt32
        switch phase {
        case .handling: wanted = EPOLLRDHUP.rawValue
        case .writing: wanted = outputOffset < output.count ? EPOLLOUT.rawValue : EPOLLIN.rawValue
        default: wanted = EPOLLIN.rawValue | (outputOffset < output.count ? EPOLLOUT.rawValue : 0)
        }
        guard wanted != interest else { return }
        interest = wanted
        loop.modify(fd, events: wanted)
    }

    private func release(on loop: EventLoop) {
        guard !isClosed else { return }
        phase = .closed
        buffer = []
        output = []
        loop.deregister(fd)
        close(fd)
    }
}
