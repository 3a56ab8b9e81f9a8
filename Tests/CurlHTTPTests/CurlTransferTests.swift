@testable import CurlHTTP
import Testing

@Suite("libcurl callback plumbing")
struct CurlTransferTests {
    private func feed(_ transfer: CurlTransfer, _ line: String) {
        Array(line.utf8).withUnsafeBytes { transfer.appendHeaderLine($0) }
    }

    @Test func onlyTheFinalResponsesHeadersSurvive() {
        let transfer = CurlTransfer(maxBodyBytes: 10, job: CurlJob(request: HTTPRequest(url: "http://h/")))
        feed(transfer, "HTTP/1.1 100 Continue\r\n")
        feed(transfer, "X-Interim: yes\r\n")
        feed(transfer, "\r\n")
        feed(transfer, "HTTP/2 429\r\n")
        feed(transfer, "Retry-After:   7 \r\n")
        feed(transfer, "content-type: application/json\r\n")
        feed(transfer, "not a header line\r\n")
        feed(transfer, "\r\n")
        #expect(transfer.headers["x-interim"] == nil)
        #expect(transfer.headers["Retry-After"] == "7")
        #expect(transfer.headers["Content-Type"] == "application/json")
        #expect(transfer.headers.fields.count == 2)
    }

    @Test func bodyCapIsEnforced() {
        let transfer = CurlTransfer(maxBodyBytes: 5, job: CurlJob(request: HTTPRequest(url: "http://h/")))
        #expect(Array("abc".utf8).withUnsafeBytes { transfer.appendBody($0) })
        #expect(!Array("def".utf8).withUnsafeBytes { transfer.appendBody($0) })
        #expect(transfer.exceededLimit)
        #expect(transfer.body == Array("abc".utf8))
    }

    @Test func jobDeliversItsOutcomeOnce() async {
        let job = CurlJob(request: HTTPRequest(url: "http://h/"))
        let result = await withCheckedContinuation { continuation in
            job.attach(continuation)
            job.finish(.failure(.cancelled))
            job.finish(.success(HTTPResponse(status: 200)))
        }
        #expect(result == .failure(.cancelled))
        #expect(!job.isCancelled)
        job.cancel()
        #expect(job.isCancelled)
    }
}
