import Foundation
import SocialDomain

/// The legacy schema as data (`mappings/*.json`): which state event holds a friendship, how its
/// content maps to actions, and how Matrix ids map to addresses. The engine reads nothing else
/// about the legacy layout.
public struct Mapping: Sendable, Equatable {
    /// Human name of the layout (report only).
    public var name: String
    /// State event type of a friendship event (`org.decentraland.friendship`).
    public var eventType: String
    /// Content key holding the action value (`type`).
    public var actionKey: String
    /// Legacy action value → new-side action; values not listed are invalid content.
    public var actions: [String: FriendshipAction]
    /// Content key of a request's message (`message`).
    public var messageKey: String
    /// State key of the shared "last action by anyone" event (`""`).
    public var sharedStateKey: String
    /// Whether the layout also keeps a per-user state (key = the sender's full user id).
    public var hasPerUserStateKeys: Bool
    /// How a user id is built from an address: prefix, separator before the server.
    public var userID: UserIDTemplate
    /// How a DM alias is built from the pair.
    public var directAlias: AliasTemplate
    /// Server names pinned by the mapping (empty: learn from the admin token's `whoami`).
    public var serverNames: [String]
    /// `m.room.create` `content.type` of rooms that are not DMs.
    public var channelCreateType: String
    /// Content key the bridge adds to the events it writes (§9.3), used for echo detection.
    public var bridgeMarkerKey: String

    /// `<prefix>{address}<separator>{server}`, e.g. `@{address}:{server}`.
    public struct UserIDTemplate: Sendable, Equatable {
        public var prefix: String
        public var serverSeparator: String
        /// The user id of `address` on `server`.
        public func userID(_ address: Address, server: String) -> String {
            prefix + address.rawValue + serverSeparator + server
        }
    }

    /// `<prefix>{lo}<pairSeparator>{hi}<serverSeparator>{server}`, e.g. `#{lo}+{hi}:{server}`.
    public struct AliasTemplate: Sendable, Equatable {
        public var prefix: String
        public var pairSeparator: String
        public var serverSeparator: String
        /// The alias of `pair` on `server`.
        public func alias(_ pair: AddressPair, server: String) -> String {
            prefix + pair.lo.rawValue + pairSeparator + pair.hi.rawValue + serverSeparator + server
        }
    }

    /// The legacy action named by a friendship event's content, `nil` when the content is not an
    /// object whose action key holds one of the mapped values (exact match).
    public func action(of content: LegacyJSON?) -> FriendshipAction? {
        guard let value = content?[actionKey]?.stringValue else { return nil }
        return actions[value]
    }

    /// The request message of a content: a non-empty string under the message key, else `nil`.
    public func message(of content: LegacyJSON?) -> String? {
        guard let text = content?[messageKey]?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}
