/// The request methods the bridge uses.
public enum HTTPMethod: String, Sendable, Equatable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
    case head = "HEAD"

    /// Whether repeating the request cannot change the outcome (RFC 9110 §9.2.2); POST is not.
    public var isIdempotent: Bool { self != .post }
}
