import Foundation
import SocialDomain

/// How one identifier read from Matrix maps to a person (legacy-matrix §1.2).
public enum Identity: Sendable, Hashable {
    /// A wallet user; `normalized` when lowercasing changed the text (`identifier_normalized`).
    case address(Address, normalized: Bool)
    /// Anyone else (admins, bots, guests, users of other servers), kept as the raw id.
    case nonAddress(String)

    /// The address, if this is a wallet user.
    public var address: Address? {
        if case .address(let address, _) = self { return address }
        return nil
    }
}

/// A mapping plus the local server names in force for this run: everything the engine needs to read ids.
public struct LegacyLayout: Sendable {
    /// The mapping file's content.
    public var mapping: Mapping
    /// Local server names; the first one is used to build ids and aliases.
    public var serverNames: [String]

    /// The primary server name.
    public var serverName: String { serverNames.first ?? "" }

    /// Resolves the server names: `--server-name` wins, then names pinned by the mapping, then the
    /// server part of the admin token's `whoami` user id (never room data, §1.1).
    /// - Parameters:
    ///   - mapping: the mapping.
    ///   - override: `--server-name`, if given.
    ///   - whoamiUserID: the admin's user id, consulted only when nothing is pinned.
    public init(mapping: Mapping, override: String? = nil, whoamiUserID: String? = nil) {
        self.mapping = mapping
        if let override, !override.isEmpty {
            serverNames = [override]
        } else if !mapping.serverNames.isEmpty {
            serverNames = mapping.serverNames
        } else if let whoamiUserID, let range = whoamiUserID.range(of: mapping.userID.serverSeparator) {
            serverNames = [String(whoamiUserID[range.upperBound...])]
        } else {
            serverNames = []
        }
    }

    /// Address extraction, §1.2: user ids on a local server yield their localpart, bare strings are
    /// taken whole; the candidate is an address iff it is `0x` + 40 hex digits (any case).
    public func identity(of identifier: String) -> Identity {
        let template = mapping.userID
        var candidate = Substring(identifier)
        if identifier.hasPrefix(template.prefix) && !template.prefix.isEmpty {
            let rest = identifier.dropFirst(template.prefix.count)
            guard let separator = rest.range(of: template.serverSeparator) else { return .nonAddress(identifier) }
            let server = rest[separator.upperBound...]
            guard serverNames.contains(where: { $0 == server }) else { return .nonAddress(identifier) }
            candidate = rest[..<separator.lowerBound]
        }
        guard let address = Address(candidate) else { return .nonAddress(identifier) }
        return .address(address, normalized: address.rawValue != candidate)
    }

    /// The pair an alias names (§4.2 step 3), `nil` when it does not parse.
    /// - Returns: the pair and whether lowercasing was needed to read it.
    public func pair(fromAlias alias: String) -> (pair: AddressPair, normalized: Bool)? {
        let template = mapping.directAlias
        guard alias.hasPrefix(template.prefix) else { return nil }
        let rest = alias.dropFirst(template.prefix.count)
        guard let serverRange = rest.range(of: template.serverSeparator) else { return nil }
        let server = rest[serverRange.upperBound...]
        guard serverNames.contains(where: { $0 == server }) else { return nil }
        let local = rest[..<serverRange.lowerBound]
        let parts = local.components(separatedBy: template.pairSeparator)
        guard parts.count == 2,
              case .address(let a, let na) = identity(of: parts[0]),
              case .address(let b, let nb) = identity(of: parts[1]),
              let pair = AddressPair(a, b) else { return nil }
        return (pair, na || nb)
    }

    /// The user id of `address` on the primary server.
    public func userID(of address: Address) -> String { mapping.userID.userID(address, server: serverName) }

    /// The canonical DM alias of `pair` on the primary server.
    public func alias(of pair: AddressPair) -> String { mapping.directAlias.alias(pair, server: serverName) }
}
