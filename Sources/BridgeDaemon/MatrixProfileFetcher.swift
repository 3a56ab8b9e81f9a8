import MatrixClient
import SocialRPC

/// `MatrixProfileFetching` over MatrixClient (`GET /_matrix/client/v3/profile/{userId}`), for
/// `MatrixProfileSource`: the legacy homeserver's display names and avatars.
public struct MatrixProfileFetcher: MatrixProfileFetching {
    private let client: MatrixClient

    /// - Parameter client: a client of the legacy homeserver (any valid token; Synapse serves profiles
    ///   to every authenticated user unless `limit_profile_requests_to_users_who_share_rooms` is set).
    public init(client: MatrixClient) { self.client = client }

    public func profile(userID: String) async throws -> SocialRPC.MatrixProfile? {
        guard let found = try await client.profile(userID) else { return nil }
        return SocialRPC.MatrixProfile(displayName: found.displayName, avatarURL: found.avatarURL)
    }
}
