import CEpoll
import Glibc

/// A connection before (or without) the WebSocket upgrade: reads HTTP/1.1 requests, answers plain ones
/// through the `HTTPRequestHandler` (keep-alive), and hands upgrades over to a `WebSocketConnection`.
final class HTTPChannel: LoopClient {
    let fd: Int32
    let remoteAddress: String
    private let context: ServerContext
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already searched for the end of the request head.
    private var searchedBytes = 0
    private var pendingOutput: [UInt8] = []
    private var pendingOffset = 0
    private var closeAfterWrite = false
    private var lastActivity: UInt64
    /// When the first byte of the request being received arrived: the whole request must arrive within
    /// the handshake timeout, however slowly it trickles in.
    private var requestStarted: UInt64 = 0
    private var closed = false

    init(fd: Int32, remoteAddress: String, context: ServerContext) {
        self.fd = fd
        self.remoteAddress = remoteAddress
        self.context = context
        lastActivity = SocketOperations.nowMillis()
    }

    func handle(events: UInt32, on loop: EventLoop) {
        if events & EPOLLOUT.rawValue != 0 {
            writePending(on: loop)
            if closed { return }
        }
        guard events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 else { return }
        let count = read(fd, loop.readBuffer.baseAddress, loop.readBuffer.count)
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            release(on: loop)
            return
        }
        guard count > 0, !closeAfterWrite else { return }
        lastActivity = SocketOperations.nowMillis()
        if buffer.isEmpty { requestStarted = lastActivity }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
        processRequests(on: loop)
    }

    func tick(now: UInt64, on loop: EventLoop) {
        let since = buffer.isEmpty || closeAfterWrite ? lastActivity : requestStarted
        guard now &- since >= context.handshakeTimeoutMillis else { return }
        if buffer.isEmpty || closeAfterWrite {
            release(on: loop)
        } else {
            respond(HTTPResponse.text("request timeout\n", status: 408), keepAlive: false, on: loop)
        }
    }

    func beginShutdown(on loop: EventLoop) { release(on: loop) }

    func forceClose(on loop: EventLoop) { release(on: loop) }

    // MARK: requests

    private func processRequests(on loop: EventLoop) {
        // One response in flight at a time: pipelined requests wait until it is written.
        while !closed && !closeAfterWrite && pendingOutput.isEmpty {
            let parsed: (request: HTTPRequest, consumed: Int)?
            do throws(HTTPParseError) {
                parsed = try HTTPRequestParser.parse(buffer, maxHeadSize: context.configuration.maxRequestHeadSize,
                                                     maxBodySize: context.configuration.maxRequestBodySize,
                                                     searched: &searchedBytes)
            } catch {
                context.logger.log(.info, "http \(remoteAddress): \(error.status) \(error.reason)")
                respond(.text(error.reason + "\n", status: error.status), keepAlive: false, on: loop)
                return
            }
            guard let (request, consumed) = parsed else { return }
            searchedBytes = 0
            let rest = Array(buffer[consumed...])
            buffer = []
            var routed = request
            routed.remoteAddress = remoteAddress
            if WebSocketHandshake.isUpgradeRequest(request) {
                upgrade(routed, leftover: rest, on: loop)
                return
            }
            buffer = rest
            requestStarted = lastActivity
            respond(plainResponse(routed), keepAlive: wantsKeepAlive(request), on: loop, head: request.method == "HEAD")
        }
    }

    private func plainResponse(_ request: HTTPRequest) -> HTTPResponse {
        if let handler = context.httpHandler { return handler.handle(request) }
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
            respond(.text("not found\n", status: 404), keepAlive: false, on: loop)
            return
        }
        switch WebSocketHandshake.evaluate(request) {
        case .reject(let response):
            context.logger.log(.info, "http \(remoteAddress): upgrade refused with \(response.status)")
            respond(response, keepAlive: false, on: loop)
        case .accept(let response, let subprotocol):
            let connection = WebSocketConnection(fd: fd, loop: loop, request: request, subprotocol: subprotocol, remoteAddress: remoteAddress)
            closed = true
            loop.replace(fd, with: connection)
            let bytes = response.serialized(keepAlive: true)
            let overCapacity = context.openConnections.load(ordering: .relaxed) >= context.configuration.maxConnections
            connection.output.withLock { queue in
                queue.append(bytes)
                connection.armIfBlocked(queue.flush(fd), &queue)
            }
            connection.open(leftover: leftover, overCapacity: overCapacity)
        }
    }

    // MARK: output

    private func respond(_ response: HTTPResponse, keepAlive: Bool, on loop: EventLoop, head: Bool = false) {
        pendingOutput = response.serialized(keepAlive: keepAlive, includeBody: !head)
        pendingOffset = 0
        closeAfterWrite = !keepAlive
        writePending(on: loop)
    }

    private func writePending(on loop: EventLoop) {
        guard !pendingOutput.isEmpty else { return }
        guard let written = SocketOperations.send(fd, pendingOutput, from: pendingOffset) else {
            release(on: loop)
            return
        }
        pendingOffset += written
        if pendingOffset < pendingOutput.count {
            // Stop reading until the response is out: a client that pipelines without reading cannot grow the buffer.
            loop.modify(fd, events: EPOLLOUT.rawValue)
            return
        }
        pendingOutput = []
        pendingOffset = 0
        loop.modify(fd, events: EPOLLIN.rawValue)
        if closeAfterWrite {
            // Half-close so the peer reads the whole response before the descriptor goes away.
            shutdown(fd, Int32(SHUT_WR))
        } else if !buffer.isEmpty {
            processRequests(on: loop)
        }
    }

    private func release(on loop: EventLoop) {
        guard !closed else { return }
        closed = true
        loop.deregister(fd)
        close(fd)
    }
}
