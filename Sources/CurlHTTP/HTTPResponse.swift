/// One HTTP response as a value: the final status, its header fields and the decoded body.
public struct HTTPResponse: Sendable, Equatable {
    /// Status code of the final response (after any 1xx interim responses).
    public var status: Int
    /// Header fields of the final response.
    public var headers: HTTPHeaders
    /// Body bytes after content decoding (gzip etc.).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
