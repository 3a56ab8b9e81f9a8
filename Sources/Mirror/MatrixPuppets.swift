import Foundation
import MatrixClient
import Synchronization

/// How the mirror acts as a user in Matrix (legacy-matrix §9.1): never as the admin, whose joins would
/// break the two-member rule and who may not write another user's per-user state key.
public protocol MatrixPuppets: Sendable {
    /// A client whose calls are made as `userID`, registering the account first when it has none.
    /// - Throws: ``MatrixError`` when the account cannot be made or the homeserver refuses to act as it.
    func client(for userID: String) async throws(MatrixError) -> MatrixClient
}

/// Acting through an application-service registration: the `as_token` plus `user_id=` on every call
/// (identity assertion); accounts missing on the homeserver are registered through the appservice.
public final class AppServicePuppets: MatrixPuppets {
    private let appService: MatrixClient
    private let admin: MatrixClient
    private let known = Mutex<Set<String>>([])

    /// - Parameters:
    ///   - appService: a client holding the registration's `as_token`.
    ///   - admin: a client holding a server-admin token (to tell whether an account exists).
    public init(appService: MatrixClient, admin: MatrixClient) {
        self.appService = appService
        self.admin = admin
    }

    public func client(for userID: String) async throws(MatrixError) -> MatrixClient {
        if !known.withLock({ $0.contains(userID) }) {
            if try await !admin.userExists(userID) {
                try await appService.registerAppServiceUser(localpart: Self.localpart(of: userID))
            }
            _ = known.withLock { $0.insert(userID) }
        }
        return appService.asserting(userID)
    }

    /// `@local:server` → `local`.
    static func localpart(of userID: String) -> String {
        var text = Substring(userID)
        if text.hasPrefix("@") { text = text.dropFirst() }
        return String(text.split(separator: ":", maxSplits: 1).first ?? text)
    }
}

/// Acting through the admin API's login-as-user (`POST /_synapse/admin/v1/users/<id>/login`), for
/// homeservers where no appservice is registered. Tokens are cached until shortly before they expire;
/// missing accounts are created with the admin user API.
public final class LoginPuppets: MatrixPuppets {
    private let admin: MatrixClient
    private let lifetimeMilliseconds: Int64
    private let clock: @Sendable () -> Int64
    private let tokens = Mutex<[String: (token: String, expires: Int64)]>([:])

    /// - Parameters:
    ///   - admin: a client holding a server-admin token.
    ///   - lifetimeMilliseconds: validity asked for each login token (default 15 minutes, §8.6).
    ///   - clock: milliseconds since 1970.
    public init(admin: MatrixClient, lifetimeMilliseconds: Int64 = 15 * 60_000,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.admin = admin
        self.lifetimeMilliseconds = max(120_000, lifetimeMilliseconds)
        self.clock = clock
    }

    public func client(for userID: String) async throws(MatrixError) -> MatrixClient {
        let now = clock()
        if let cached = tokens.withLock({ $0[userID] }), cached.expires - 60_000 > now { return admin.actingAs(cached.token) }
        if try await !admin.userExists(userID) { try await admin.createUser(userID) }
        let expires = now + lifetimeMilliseconds
        let token = try await admin.loginAsUser(userID, validUntilMilliseconds: expires)
        tokens.withLock { $0[userID] = (token, expires) }
        return admin.actingAs(token)
    }
}
