import Foundation
import SocialDomain

/// Why a mapping file was refused; `path` is the JSON path of the problem (`$.actions.request`).
public struct MappingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// JSON path of the offending value.
    public var path: String
    /// What is wrong there.
    public var problem: String
    public var description: String { "\(path): \(problem)" }

    /// Builds an error.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }
}

extension Mapping {
    static let knownKeys: Set<String> = [
        "name", "event_type", "action_key", "actions", "message_key", "shared_state_key", "per_user_state_key",
        "user_id", "direct_alias", "server_names", "channel_create_type", "bridge_marker_key",
    ]

    /// Loads and validates a mapping file.
    /// - Throws: `MappingError` naming the JSON path of the first problem (unreadable file: path `$`).
    public static func load(contentsOf url: URL) throws(MappingError) -> Mapping {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MappingError(path: "$", problem: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(data)
    }

    /// Validates mapping JSON.
    /// - Throws: `MappingError` naming the JSON path of the first problem.
    public static func parse(_ data: Data) throws(MappingError) -> Mapping {
        let root: LegacyJSON
        do { root = try LegacyJSON(parsing: data) } catch {
            throw MappingError(path: "$", problem: "not valid JSON")
        }
        guard let object = root.objectValue else { throw MappingError(path: "$", problem: "expected an object") }
        for key in object.keys.sorted() where !knownKeys.contains(key) {
            throw MappingError(path: "$.\(key)", problem: "unknown key")
        }
        func string(_ key: String, allowEmpty: Bool = false) throws(MappingError) -> String {
            guard let value = object[key] else { throw MappingError(path: "$.\(key)", problem: "missing") }
            guard let text = value.stringValue else { throw MappingError(path: "$.\(key)", problem: "expected a string") }
            if !allowEmpty && text.isEmpty { throw MappingError(path: "$.\(key)", problem: "must not be empty") }
            return text
        }

        let actions = try parseActions(object["actions"])
        let perUser: Bool
        switch object["per_user_state_key"] {
        case .none, .some(.null): perUser = false
        case .some(.string("sender_user_id")): perUser = true
        case .some: throw MappingError(path: "$.per_user_state_key", problem: "expected \"sender_user_id\" or null")
        }
        var serverNames: [String] = []
        if let value = object["server_names"], value != .null {
            guard let list = value.arrayValue else { throw MappingError(path: "$.server_names", problem: "expected an array") }
            for (index, element) in list.enumerated() {
                guard let name = element.stringValue, !name.isEmpty, !name.contains("/") else {
                    throw MappingError(path: "$.server_names[\(index)]", problem: "expected a server name")
                }
                serverNames.append(name)
            }
        }
        let userTemplate = try string("user_id")
        let aliasTemplate = try string("direct_alias")
        let mapping = Mapping(
            name: try string("name"),
            eventType: try string("event_type"),
            actionKey: try string("action_key"),
            actions: actions,
            messageKey: try string("message_key"),
            sharedStateKey: try string("shared_state_key", allowEmpty: true),
            hasPerUserStateKeys: perUser,
            userID: try parseUserIDTemplate(userTemplate),
            directAlias: try parseAliasTemplate(aliasTemplate),
            serverNames: serverNames,
            channelCreateType: try string("channel_create_type"),
            bridgeMarkerKey: try string("bridge_marker_key"))
        if mapping.hasPerUserStateKeys && mapping.sharedStateKey.hasPrefix(mapping.userID.prefix) {
            throw MappingError(path: "$.shared_state_key", problem: "must not look like a user id when per-user keys are used")
        }
        return mapping
    }

    private static func parseActions(_ value: LegacyJSON?) throws(MappingError) -> [String: FriendshipAction] {
        guard let value else { throw MappingError(path: "$.actions", problem: "missing") }
        guard let members = value.objectValue else { throw MappingError(path: "$.actions", problem: "expected an object") }
        var actions: [String: FriendshipAction] = [:]
        for key in members.keys.sorted() {
            guard let name = members[key]?.stringValue else {
                throw MappingError(path: "$.actions.\(key)", problem: "expected a string")
            }
            // Matrix never held blocks (legacy-matrix §3.1): a mapping may not produce one.
            guard let action = FriendshipAction(rawValue: name), action != .block else {
                throw MappingError(path: "$.actions.\(key)", problem: "expected one of request, accept, reject, cancel, delete")
            }
            actions[key] = action
        }
        for required in [FriendshipAction.request, .accept] where !actions.values.contains(required) {
            throw MappingError(path: "$.actions", problem: "no value maps to \(required.rawValue)")
        }
        return actions
    }

    private static func parseUserIDTemplate(_ text: String) throws(MappingError) -> UserIDTemplate {
        let parts = try split(text, placeholders: ["{address}", "{server}"], path: "$.user_id")
        guard parts[2].isEmpty, !parts[1].isEmpty else {
            throw MappingError(path: "$.user_id", problem: "expected <prefix>{address}<separator>{server}")
        }
        return UserIDTemplate(prefix: parts[0], serverSeparator: parts[1])
    }

    private static func parseAliasTemplate(_ text: String) throws(MappingError) -> AliasTemplate {
        let parts = try split(text, placeholders: ["{lo}", "{hi}", "{server}"], path: "$.direct_alias")
        guard parts[3].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
            throw MappingError(path: "$.direct_alias", problem: "expected <prefix>{lo}<separator>{hi}<separator>{server}")
        }
        return AliasTemplate(prefix: parts[0], pairSeparator: parts[1], serverSeparator: parts[2])
    }

    /// Splits a template at its placeholders, which must each occur once and in the given order.
    private static func split(_ text: String, placeholders: [String], path: String) throws(MappingError) -> [String] {
        var rest = Substring(text)
        var parts: [String] = []
        for placeholder in placeholders {
            guard let range = rest.range(of: placeholder) else {
                throw MappingError(path: path, problem: "expected the placeholder \(placeholder)")
            }
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        if parts.contains(where: { $0.contains("{") || $0.contains("}") }) {
            throw MappingError(path: path, problem: "unexpected or repeated placeholder")
        }
        return parts
    }
}
