/// The seam between HTTP users (Matrix client, profile fetchers) and the network.
///
/// ``CurlHTTPClient`` is the real one; tests substitute recorded responses.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the final response, whatever its status.
    /// - Throws: ``HTTPClientError`` when no response was received.
    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse
}
