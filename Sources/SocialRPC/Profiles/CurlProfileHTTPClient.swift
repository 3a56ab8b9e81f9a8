import CurlHTTP

/// `ProfileHTTPClient` over the project's HTTP transport (libcurl in production).
public struct CurlProfileHTTPClient: ProfileHTTPClient {
    private let transport: any HTTPTransport

    /// - Parameter transport: usually a shared `CurlHTTPClient`.
    public init(transport: any HTTPTransport) { self.transport = transport }

    public func postJSON(url: String, body: [UInt8], timeoutMilliseconds: Int64) async throws -> (status: Int, body: [UInt8]) {
        // The profiles POST only reads, so retry policies may repeat it.
        let request = HTTPRequest(
            method: .post, url: url, headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: body, timeoutMilliseconds: Int(clamping: timeoutMilliseconds), isIdempotent: true)
        let response = try await transport.send(request)
        return (response.status, response.body)
    }
}
