import SocialDomain

/// The narrow HTTP client the profile service source needs; the daemon adapts CurlHTTP to it.
public protocol ProfileHTTPClient: Sendable {
    /// POSTs a JSON body and returns the status and body.
    /// - Throws: transport errors (unreachable, timeout).
    func postJSON(url: String, body: [UInt8], timeoutMilliseconds: Int64) async throws -> (status: Int, body: [UInt8])
}

/// Profiles from a service compatible with the reference's registry: `POST {baseURL}/profiles` with
/// `{"ids":[…]}`, answered with catalyst-style profiles (spec §4.7). Large batches are split.
public struct HTTPProfileSource: ProfileSource {
    private let baseURL: String
    private let client: any ProfileHTTPClient
    private let batchSize: Int
    private let timeoutMilliseconds: Int64
    private let log: SocialLog

    /// - Parameters:
    ///   - baseURL: the service root; `/profiles` is appended (a trailing slash is tolerated).
    ///   - client: the HTTP client.
    ///   - batchSize: ids per request (default 100).
    ///   - timeoutMilliseconds: per-request timeout handed to the client.
    ///   - log: where failures are reported (they are never thrown: unknown profiles use the fallback).
    public init(
        baseURL: String, client: any ProfileHTTPClient, batchSize: Int = 100,
        timeoutMilliseconds: Int64 = 5_000, log: SocialLog = .standardError
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
        self.batchSize = max(1, batchSize)
        self.timeoutMilliseconds = timeoutMilliseconds
        self.log = log
    }

    public func profiles(for addresses: [Address]) async -> [Address: Profile] {
        let unique = Set(addresses).sorted()
        guard !unique.isEmpty else { return [:] }
        let batches = stride(from: 0, to: unique.count, by: batchSize).map { Array(unique[$0..<min($0 + batchSize, unique.count)]) }
        return await withTaskGroup(of: [Address: Profile].self) { group in
            for batch in batches { group.addTask { await fetch(batch) } }
            var merged: [Address: Profile] = [:]
            for await part in group { merged.merge(part) { first, _ in first } }
            return merged
        }
    }

    private func fetch(_ batch: [Address]) async -> [Address: Profile] {
        let url = baseURL + "/profiles"
        do {
            let (status, body) = try await client.postJSON(
                url: url, body: ProfileServiceResponse.requestBody(for: batch), timeoutMilliseconds: timeoutMilliseconds)
            guard (200..<300).contains(status) else {
                log("profile service answered HTTP \(status) for \(batch.count) id(s)")
                return [:]
            }
            let wanted = Set(batch)
            return try ProfileServiceResponse.parse(body).filter { wanted.contains($0.key) }
        } catch {
            log("profile service request failed: \(error)")
            return [:]
        }
    }
}
