/// Tunables of ``CurlHTTPClient``.
public struct HTTPClientConfiguration: Sendable, Equatable {
    /// Requests in flight at once; each has its own worker thread and keep-alive connection. Default 8.
    public var maxConcurrency: Int
    /// Time allowed to establish a connection, in milliseconds. Default 10 s.
    public var connectTimeoutMilliseconds: Int
    /// Time allowed for a whole request, in milliseconds. Default 120 s.
    public var totalTimeoutMilliseconds: Int
    /// A transfer slower than `lowSpeedLimitBytesPerSecond` for `lowSpeedTimeSeconds` is aborted as a
    /// timeout (catches servers that stall mid-body). Defaults: 1 byte/s for 30 s.
    public var lowSpeedLimitBytesPerSecond: Int
    /// See `lowSpeedLimitBytesPerSecond`.
    public var lowSpeedTimeSeconds: Int
    /// Largest accepted (decoded) response body, in bytes. Default 64 MiB.
    public var maxBodyBytes: Int
    /// Negotiate HTTP/2 over TLS when the server offers it (plain-text HTTP stays 1.1). Default true.
    public var preferHTTP2: Bool
    /// Follow redirects for GET/HEAD (never for other methods). Default false.
    public var followRedirectsForGET: Bool
    /// `User-Agent` sent with every request.
    public var userAgent: String

    /// Creates a configuration; every parameter has the documented default.
    public init(
        maxConcurrency: Int = 8, connectTimeoutMilliseconds: Int = 10_000, totalTimeoutMilliseconds: Int = 120_000,
        lowSpeedLimitBytesPerSecond: Int = 1, lowSpeedTimeSeconds: Int = 30, maxBodyBytes: Int = 64 << 20,
        preferHTTP2: Bool = true, followRedirectsForGET: Bool = false, userAgent: String = "SocialBridge/1"
    ) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.connectTimeoutMilliseconds = max(1, connectTimeoutMilliseconds)
        self.totalTimeoutMilliseconds = max(1, totalTimeoutMilliseconds)
        self.lowSpeedLimitBytesPerSecond = max(0, lowSpeedLimitBytesPerSecond)
        self.lowSpeedTimeSeconds = max(0, lowSpeedTimeSeconds)
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.preferHTTP2 = preferHTTP2
        self.followRedirectsForGET = followRedirectsForGET
        self.userAgent = userAgent
    }
}
