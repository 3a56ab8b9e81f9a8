import SocialDomain

/// What the social RPCs show about a user (`FriendProfile` / `BlockedUserProfile` without the block date).
public struct Profile: Sendable, Equatable {
    /// An RGB colour with components in 0...1 (`decentraland.common.Color3`).
    public struct Color: Sendable, Equatable {
        public var r: Float
        public var g: Float
        public var b: Float

        public init(r: Float, g: Float, b: Float) {
            self.r = r
            self.g = g
            self.b = b
        }
    }

    public var address: Address
    /// Display name; empty when unknown.
    public var name: String
    public var hasClaimedName: Bool
    /// Face snapshot or avatar thumbnail; empty when unknown.
    public var pictureURL: String
    public var nameColor: Color?

    public init(address: Address, name: String = "", hasClaimedName: Bool = false, pictureURL: String = "", nameColor: Color? = nil) {
        self.address = address
        self.name = name
        self.hasClaimedName = hasClaimedName
        self.pictureURL = pictureURL
        self.nameColor = nameColor
    }

    /// The profile used when no source knows the user: the address and nothing else.
    public static func fallback(_ address: Address) -> Profile { Profile(address: address) }
}
