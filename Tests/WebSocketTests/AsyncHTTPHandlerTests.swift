import Foundation
import Synchronization
import Testing
@testable import WebSocket

/// A handler that keeps every request with its `respond` until the test answers it, and chooses body
/// limits per request: `PUT /big` takes up to 1 MiB, anything else the server's limit; over the limit
/// it answers its own JSON 413 (as the Matrix application-service API must).
final class ParkingHandler: HTTPRequestHandler {
    struct Parked: Sendable {
        var request: HTTPRequest
        var respond: @Sendable (HTTPResponse) -> Void
    }

    private let parked = Mutex<[Parked]>([])
    private let handled = Atomic<Int>(0)

    func maximumBodySize(for head: HTTPRequest, serverLimit: Int) -> Int {
        head.method == "PUT" && head.path == "/big" ? 1 << 20 : serverLimit
    }

    func bodyTooLargeResponse(for head: HTTPRequest, limit: Int) -> HTTPResponse {
        HTTPResponse(status: 413, headers: [("Content-Type", "application/json")],
                     body: Array(#"{"errcode":"M_TOO_LARGE","error":"over \#(limit) bytes"}"#.utf8))
    }

    func handle(_ request: HTTPRequest, respond: @escaping @Sendable (HTTPResponse) -> Void) {
        handled.add(1, ordering: .relaxed)
        switch request.path {
        case "/now":
            respond(.text("now \(request.method) \(request.body.count)"))
        case "/twice":
            respond(.text("first"))
            respond(.text("second"))
        case "/drop":
            break  // lets go of `respond` without calling it
        default:
            parked.withLock { $0.append(Parked(request: request, respond: respond)) }
        }
    }

    var handledCount: Int { handled.load(ordering: .relaxed) }
    var parkedRequests: [Parked] { parked.withLock { $0 } }

    /// Answers the oldest parked request from a thread of its own after `delay`.
    func answerLater(_ response: HTTPResponse, after delay: Duration) {
        guard let first = parked.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return }
        Thread {
            Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            first.respond(response)
        }.start()
    }

    /// Waits until `count` requests are parked.
    func waitParked(_ count: Int) async -> Bool {
        for _ in 0..<500 {
            if parked.withLock({ $0.count }) >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// `HTTPRequestHandler` answering later, from another thread; per-request body limits; other methods.
@Suite struct AsyncHTTPHandlerTests {
    @Test func answerAfterADelayFromAnotherThreadWithoutReadingPipelinedRequests() async throws {
        let http = ParkingHandler()
        // A header timeout much shorter than the handler's delay: it must not fire while the handler works.
        let (server, port) = try startServer(handler: EchoHandler(), http: http) { $0.headerTimeout = 0.3 }
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        try client.write("PUT /later HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /now HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await http.waitParked(1))
        let first = try #require(http.parkedRequests.first)
        #expect(first.request.method == "PUT" && first.request.body == Array("hello".utf8))
        try await Task.sleep(for: .milliseconds(200))
        // The pipelined GET waits behind the pending answer.
        #expect(http.handledCount == 1)
        let started = ContinuousClock.now
        http.answerLater(.text("done later"), after: .milliseconds(600))
        let (answer, next) = try await offPool { (try client.readHTTPResponse(), try client.readHTTPResponse()) }
        #expect(ContinuousClock.now - started >= .milliseconds(550))
        #expect(answer.head.hasPrefix("HTTP/1.1 200") && answer.body == "done later")
        #expect(next.head.hasPrefix("HTTP/1.1 200") && next.body == "now GET 0")
        #expect(http.handledCount == 2)
        // Keep-alive goes on after an asynchronous answer.
        try client.write("POST /now HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
        #expect(try await offPool { try client.readHTTPResponse() }.body == "now POST 3")
    }

    @Test func aClientThatLeavesBeforeTheAnswerGetsNothingAndNobodyElseGetsItsAnswer() async throws {
        let http = ParkingHandler()
        let (server, port) = try startServer(handler: EchoHandler(), http: http)
        defer { server.shutdown() }
        let leaver = try RawSocketClient(port: port)
        try leaver.write("PUT /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(await http.waitParked(1))
        leaver.closeSocket()
        try await Task.sleep(for: .milliseconds(100))
        // The next connection most likely reuses the released descriptor number.
        let next = try RawSocketClient(port: port)
        try next.write("PUT /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(await http.waitParked(2))
        let stale = try #require(http.parkedRequests.first)
        stale.respond(.text("for the one who left"))
        try await Task.sleep(for: .milliseconds(100))
        #expect(try next.readHTTPHeadIfAvailable() == nil)
        http.answerLater(.text("unused"), after: .zero)  // the stale one, already answered: ignored
        http.answerLater(.text("for next"), after: .milliseconds(10))
        let answer = try await offPool { try next.readHTTPResponse() }
        #expect(answer.body == "for next")
        // The server is still fine.
        let fresh = try RawSocketClient(port: port)
        try fresh.write("GET /now HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await offPool { try fresh.readHTTPResponse() }.body == "now GET 0")
    }

    @Test func oversizedBodyGetsTheHandlersOwnRefusalBeforeItIsSent() async throws {
        let http = ParkingHandler()
        let (server, port) = try startServer(handler: EchoHandler(), http: http) { $0.maxRequestBodySize = 10 }
        defer { server.shutdown() }
        // Over the handler's 1 MiB for PUT /big: refused on the head alone, the body is never sent.
        let big = try RawSocketClient(port: port)
        try big.write("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: \(2 << 20)\r\n\r\n")
        let refused = try await offPool { try big.readHTTPResponse() }
        #expect(refused.head.hasPrefix("HTTP/1.1 413"))
        #expect(refused.head.contains("Content-Type: application/json") && refused.head.contains("Connection: close"))
        #expect(refused.body == #"{"errcode":"M_TOO_LARGE","error":"over 1048576 bytes"}"#)
        #expect(big.readsEOF())
        // Within it, 512 KiB arrive whole.
        let body = [UInt8](repeating: 0x61, count: 512 << 10)
        let ok = try RawSocketClient(port: port)
        try ok.write(Array("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        #expect(await http.waitParked(1))
        #expect(http.parkedRequests.first?.request.body == body)
        http.answerLater(.text("stored"), after: .zero)
        #expect(try await offPool { try ok.readHTTPResponse() }.body == "stored")
        // Elsewhere the server's limit (10 bytes) applies, with the handler's refusal.
        let small = try RawSocketClient(port: port)
        try small.write("POST /now HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n")
        #expect(try await offPool { try small.readHTTPResponse() }.body.contains("over 10 bytes"))
        #expect(http.handledCount == 1)
    }

    @Test func expectContinueIsAnsweredWhenTheBodyFits() async throws {
        let http = ParkingHandler()
        let (server, port) = try startServer(handler: EchoHandler(), http: http)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        try client.write("PUT /now HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try await offPool { try client.readHTTPHead() } == "HTTP/1.1 100 Continue")
        try client.write("body")
        #expect(try await offPool { try client.readHTTPResponse() }.body == "now PUT 4")
    }

    @Test func aDroppedRequestIsAnswered500AndASecondAnswerIsIgnored() async throws {
        let http = ParkingHandler()
        let (server, port) = try startServer(handler: EchoHandler(), http: http)
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        try client.write("GET /drop HTTP/1.1\r\nHost: x\r\n\r\nGET /twice HTTP/1.1\r\nHost: x\r\n\r\nGET /now HTTP/1.1\r\nHost: x\r\n\r\n")
        let (dropped, twice, now) = try await offPool {
            (try client.readHTTPResponse(), try client.readHTTPResponse(), try client.readHTTPResponse())
        }
        #expect(dropped.head.hasPrefix("HTTP/1.1 500"))
        #expect(twice.body == "first")
        #expect(now.body == "now GET 0")
    }

    @Test func theSynchronousFormStillWorks() async throws {
        let (server, port) = try startServer(handler: EchoHandler(), http: HealthHandler())
        defer { server.shutdown() }
        let client = try RawSocketClient(port: port)
        try client.write("DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await offPool { try client.readHTTPResponse() }.body == "ok")
    }
}
