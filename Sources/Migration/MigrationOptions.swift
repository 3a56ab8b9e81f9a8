import Foundation
import SocialDomain

/// What a `migrate` run is asked to do.
public struct MigrationOptions: Sendable {
    /// The legacy layout.
    public var mapping: Mapping
    /// `--server-name`: pins the local server name.
    public var serverName: String?
    /// `--blocks` file content (a JSON array of profiles or avatar entries), if given.
    public var blocksFile: Data?
    /// `--users` file lines: restricts the run to pairs with a listed member and to blocks by listed users.
    public var userFilter: [String]?
    /// `--dry-run`: read and plan everything, write nothing.
    public var dryRun = false
    /// Reads in flight at once (`--concurrency`, default 8).
    public var concurrency = 8
    /// Pairs per transaction.
    public var batchSize = 200
    /// The clock (ms since 1970), for the run's start time.
    public var now: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
    /// Progress callback (may be called from several tasks; serialise if needed).
    public var progress: (@Sendable (MigrationProgress) -> Void)?

    public init(mapping: Mapping) { self.mapping = mapping }
}

/// Why a run could not start or had to stop.
public enum MigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The homeserver refused the admin token, or a read failed in a way that stops the run.
    case homeserver(HomeserverReadError)
    /// No server name could be learnt (whoami gave no server part) and none is pinned.
    case noServerName(String)
    /// `--blocks` is unreadable or not a JSON array.
    case blocksFile(BlocksFileError)
    /// A `--users` line is neither a local user id nor an address.
    case usersFile(line: Int, text: String)
    /// The room or user list could not be paged.
    case listing(String)

    public var description: String {
        switch self {
        case .homeserver(let error): return error.description
        case .noServerName(let id): return "cannot learn the server name from the admin user id \(id); pass --server-name"
        case .blocksFile(let error): return error.description
        case .usersFile(let line, let text): return "--users line \(line): \"\(text)\" is neither a local user id nor an address"
        case .listing(let detail): return "cannot page the homeserver's lists: \(detail)"
        }
    }
}

extension MigrationOptions {
    /// The `--users` restriction as addresses (`nil` when unrestricted). Blank lines and `#` comments are skipped.
    /// - Throws: `MigrationError.usersFile` for the first line that is not an address.
    func restriction(layout: LegacyLayout) throws(MigrationError) -> Set<Address>? {
        guard let userFilter else { return nil }
        var addresses = Set<Address>()
        for (index, raw) in userFilter.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let address = layout.identity(of: line).address else { throw .usersFile(line: index + 1, text: line) }
            addresses.insert(address)
        }
        return addresses
    }
}
