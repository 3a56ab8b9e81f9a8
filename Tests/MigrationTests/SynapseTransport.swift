import CurlHTTP
import Foundation

/// An `HTTPTransport` answering like Synapse's admin API from canned bodies, so the
/// `MatrixLegacyHomeserver` adapter is exercised through real request paths and JSON decoding.
final class SynapseTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    /// Path (without query) → (status, body); `messages` bodies are keyed by path + "?from=<token>" too.
    private var routes: [String: (Int, String)] = [:]
    private(set) var requested: [String] = []

    func route(_ path: String, status: Int = 200, _ body: String) {
        lock.withLock { routes[path] = (status, body) }
    }

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let url = URLComponents(string: request.url)
        let path = url?.percentEncodedPath ?? ""
        let from = url?.queryItems?.first { $0.name == "from" }?.value
        let answer: (Int, String)? = lock.withLock {
            requested.append(path + (from.map { "?from=\($0)" } ?? ""))
            return routes[path + "?from=\(from ?? "")"] ?? routes[path]
        }
        guard let (status, body) = answer else {
            return HTTPResponse(status: 404, body: Array(#"{"errcode":"M_NOT_FOUND","error":"No such room"}"#.utf8))
        }
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
    }
}
