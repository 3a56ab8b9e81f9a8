import SocialDomain

/// Where user profiles come from (a profile service, the legacy homeserver, nothing).
///
/// Sources answer in batches; an address missing from the answer is unknown to the source. Sources do not
/// throw: an unreachable source answers what it has (usually nothing) and logs why.
public protocol ProfileSource: Sendable {
    /// Profiles for as many of `addresses` as the source knows.
    func profiles(for addresses: [Address]) async -> [Address: Profile]
}

extension ProfileSource {
    /// A profile for every address: the source's where known, the fallback elsewhere. Updates and
    /// replies never lose an entry because a profile is missing (a deliberate difference from the reference).
    public func completeProfiles(for addresses: [Address]) async -> [Address: Profile] {
        var known = await profiles(for: addresses)
        for address in addresses where known[address] == nil { known[address] = .fallback(address) }
        return known
    }

    /// One user's profile, or the fallback.
    public func completeProfile(for address: Address) async -> Profile {
        await profiles(for: [address])[address] ?? .fallback(address)
    }
}

/// The source that knows nobody: every user shows as their address with an empty name.
public struct FallbackProfileSource: ProfileSource {
    public init() {}

    public func profiles(for addresses: [Address]) async -> [Address: Profile] {
        Dictionary(addresses.map { ($0, Profile.fallback($0)) }, uniquingKeysWith: { first, _ in first })
    }
}
