import SocialDomain

/// The legacy homeserver's view of one user, as `GET /_matrix/client/v3/profile/{userId}` returns it.
public struct MatrixProfile: Sendable, Equatable {
    public var displayName: String?
    /// An `mxc://server/mediaId` URI.
    public var avatarURL: String?

    public init(displayName: String?, avatarURL: String?) {
        self.displayName = displayName
        self.avatarURL = avatarURL
    }
}

/// The seam to the Matrix client: one profile lookup (the daemon wires it to MatrixClient).
public protocol MatrixProfileFetching: Sendable {
    /// The user's profile, or `nil` when the homeserver does not know them.
    /// - Throws: transport or server errors.
    func profile(userID: String) async throws -> MatrixProfile?
}

/// Profiles from the legacy homeserver: display name, and the avatar `mxc://` turned into an HTTP
/// thumbnail URL on that homeserver. Users without a display name are unknown (fallback).
public struct MatrixProfileSource: ProfileSource {
    private let fetcher: any MatrixProfileFetching
    private let serverName: String
    private let homeserverURL: String
    private let thumbnailSize: Int
    private let concurrency: Int
    private let log: SocialLog

    /// - Parameters:
    ///   - fetcher: the Matrix client.
    ///   - serverName: the homeserver's name; a user is `@<address>:<serverName>`.
    ///   - homeserverURL: public base URL used in thumbnail links.
    ///   - thumbnailSize: width and height asked of the thumbnail (default 256, like `face256`).
    ///   - concurrency: parallel lookups per batch (default 8).
    ///   - log: where lookup failures are reported.
    public init(
        fetcher: any MatrixProfileFetching, serverName: String, homeserverURL: String,
        thumbnailSize: Int = 256, concurrency: Int = 8, log: SocialLog = .standardError
    ) {
        self.fetcher = fetcher
        self.serverName = serverName
        self.homeserverURL = homeserverURL.hasSuffix("/") ? String(homeserverURL.dropLast()) : homeserverURL
        self.thumbnailSize = thumbnailSize
        self.concurrency = max(1, concurrency)
        self.log = log
    }

    public func profiles(for addresses: [Address]) async -> [Address: Profile] {
        let unique = Array(Set(addresses))
        return await withTaskGroup(of: (Address, Profile?).self) { group in
            var result: [Address: Profile] = [:]
            var pending = unique.makeIterator()
            // At most `concurrency` lookups in flight: start that many, then one more per completion.
            for _ in 0..<concurrency {
                guard let address = pending.next() else { break }
                group.addTask { (address, await lookup(address)) }
            }
            while let (address, profile) = await group.next() {
                if let profile { result[address] = profile }
                if let following = pending.next() { group.addTask { (following, await lookup(following)) } }
            }
            return result
        }
    }

    /// `https://hs/_matrix/media/v3/thumbnail/{server}/{mediaId}?width=…&height=…&method=crop` for an
    /// `mxc://server/mediaId` URI; `nil` for anything else.
    public func thumbnailURL(forMXC uri: String) -> String? {
        let prefix = "mxc://"
        guard uri.hasPrefix(prefix) else { return nil }
        let parts = uri.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              parts.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.:".contains($0) } }) else { return nil }
        return "\(homeserverURL)/_matrix/media/v3/thumbnail/\(parts[0])/\(parts[1])?width=\(thumbnailSize)&height=\(thumbnailSize)&method=crop"
    }

    private func lookup(_ address: Address) async -> Profile? {
        do {
            guard let matrix = try await fetcher.profile(userID: "@\(address.rawValue):\(serverName)"),
                  let name = matrix.displayName, !name.isEmpty else { return nil }
            return Profile(address: address, name: name, pictureURL: matrix.avatarURL.flatMap(thumbnailURL(forMXC:)) ?? "")
        } catch {
            log("homeserver profile lookup failed for \(address): \(error)")
            return nil
        }
    }
}
