import CurlHTTP
import Synchronization

/// An in-memory homeserver: answers requests from a routing closure and records them.
final class FakeHomeserver: HTTPTransport {
    typealias Route = @Sendable (HTTPRequest, _ path: String, _ query: [String: String]) -> HTTPResponse?

    private let route: Route
    private let seen = Mutex<[HTTPRequest]>([])

    init(_ route: @escaping Route) { self.route = route }

    var requests: [HTTPRequest] { seen.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        seen.withLock { $0.append(request) }
        let (path, query) = Self.split(request.url)
        return route(request, path, query) ?? HTTPResponse(status: 404, body: Array(#"{"errcode":"M_UNRECOGNIZED","error":"no route"}"#.utf8))
    }

    /// Path (still percent-encoded) and decoded query items of a URL of the form `http://host:port/path?query`.
    static func split(_ url: String) -> (String, [String: String]) {
        let afterScheme = url.components(separatedBy: "://").last ?? url
        let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let rest = String(afterScheme[pathStart...])
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(pair[0]).percentDecoded ?? String(pair[0])
                let value = pair.count > 1 ? (String(pair[1]).percentDecoded ?? String(pair[1])) : ""
                query[name] = value
            }
        }
        return (String(parts.first ?? ""), query)
    }
}

func json(_ body: String) -> HTTPResponse { json(200, body) }

func json(_ status: Int, _ body: String) -> HTTPResponse {
    HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
}

extension String {
    var percentDecoded: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
