import BridgeCrypto
import Foundation
import Migration

/// An answer of the application-service API: a status and a JSON body.
public struct AppServiceAnswer: Sendable, Equatable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    static let ok = AppServiceAnswer(status: 200, body: "{}")

    static func error(_ status: Int, _ errcode: String, _ message: String) -> AppServiceAnswer {
        AppServiceAnswer(status: status, body: "{\"errcode\":\"\(errcode)\",\"error\":\"\(message)\"}")
    }
}

/// The Matrix application-service API (the homeserver → bridge half) on the bridge's port:
/// `PUT /_matrix/app/v1/transactions/{txnId}`, `GET /_matrix/app/v1/users/{userId}`,
/// `GET /_matrix/app/v1/rooms/{alias}` and `POST /_matrix/app/v1/ping`, authenticated by the registration's
/// `hs_token` (`Authorization: Bearer`, or `access_token=` as older homeservers send it).
public struct AppServiceEndpoint: Sendable {
    /// The path prefix this endpoint answers.
    public static let pathPrefix = "/_matrix/app/"
    /// Largest transaction body accepted (Synapse sends at most 100 events; legitimate bodies are far smaller).
    public static let maximumBodySize = 16 << 20

    private let hsToken: [UInt8]
    private let engine: SyncEngine

    /// - Parameters:
    ///   - registration: holds the `hs_token` Synapse authenticates with.
    ///   - engine: applies transactions.
    public init(registration: AppServiceRegistration, engine: SyncEngine) {
        hsToken = Array(registration.hsToken.utf8)
        self.engine = engine
    }

    /// Whether `path` belongs to this API.
    public static func handles(path: String) -> Bool { path.hasPrefix(pathPrefix) }

    /// The answer to one request.
    /// - Parameters:
    ///   - method: HTTP method.
    ///   - path: the path without the query.
    ///   - query: the raw query string, if any.
    ///   - authorization: the `Authorization` header, if any.
    ///   - body: the request body.
    public func respond(method: String, path: String, query: String?, authorization: String?, body: [UInt8]) async -> AppServiceAnswer {
        guard let token = Self.token(authorization: authorization, query: query) else {
            return .error(401, "M_UNAUTHORIZED", "missing the homeserver's access token")
        }
        guard Self.constantTimeEqual(Array(token.utf8), hsToken) else {
            return .error(403, "M_FORBIDDEN", "wrong homeserver access token")
        }
        let parts = path.dropFirst(Self.pathPrefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (method, parts.first, parts.count) {
        case ("PUT", "v1", 3) where parts[1] == "transactions" && !parts[2].isEmpty:
            return await transaction(id: Self.percentDecoded(parts[2]), body: body)
        case ("GET", "v1", 3) where parts[1] == "users" || parts[1] == "rooms":
            // The bridge never creates users or rooms on demand (§9: the mirror makes them when needed).
            return .error(404, "M_NOT_FOUND", "no such \(parts[1] == "users" ? "user" : "room alias") here")
        case ("POST", "v1", 2) where parts[1] == "ping":
            return .ok
        case (_, "v1", _) where ["transactions", "users", "rooms", "ping"].contains(parts.count > 1 ? parts[1] : ""):
            return .error(405, "M_UNRECOGNIZED", "method \(method) not allowed here")
        default:
            return .error(404, "M_UNRECOGNIZED", "unknown application service endpoint")
        }
    }

    private func transaction(id: String, body: [UInt8]) async -> AppServiceAnswer {
        guard body.count <= Self.maximumBodySize else { return .error(413, "M_TOO_LARGE", "transaction body over 16 MiB") }
        let parsed: LegacyJSON
        do { parsed = try LegacyJSON(parsing: Data(body)) } catch {
            return .error(400, "M_NOT_JSON", "body is not JSON")
        }
        guard let events = parsed["events"]?.arrayValue else {
            return .error(400, "M_BAD_JSON", "body has no events array")
        }
        let digest = Keccak256.hash(body).map { String(format: "%02x", $0) }.joined()
        do {
            try await engine.process(AppServiceTransaction(id: id, events: events, bodyDigest: digest))
            return .ok
        } catch {
            // Not committed: Synapse keeps the transaction and sends it again.
            return .error(500, "M_UNKNOWN", "transaction not applied yet; retry later")
        }
    }

    /// The token of the `Authorization: Bearer` header, else the `access_token` query parameter.
    static func token(authorization: String?, query: String?) -> String? {
        if let authorization {
            let trimmed = authorization.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("bearer ") {
                let token = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
                if !token.isEmpty { return token }
            }
        }
        for item in (query ?? "").split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair.count == 2, pair[0] == "access_token", !pair[1].isEmpty { return percentDecoded(String(pair[1])) }
        }
        return nil
    }

    /// Compares without an early exit, so the time taken does not tell how much of a guess was right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    static func percentDecoded(_ text: String) -> String { text.removingPercentEncoding ?? text }
}
