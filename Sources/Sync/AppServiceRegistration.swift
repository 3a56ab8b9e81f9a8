import Foundation

/// A Synapse application-service registration (the YAML file named in `app_service_config_files`):
/// what Synapse needs to push events to the bridge and let it act as address users (legacy-matrix §9.1).
public struct AppServiceRegistration: Sendable, Equatable {
    /// The registration's id (`POST /_matrix/client/v1/appservice/<id>/ping`).
    public var id: String
    /// Where Synapse reaches the bridge (the `serve --listen` address).
    public var url: String
    /// The token the bridge sends to Synapse.
    public var asToken: String
    /// The token Synapse sends to the bridge.
    public var hsToken: String
    /// The appservice's own user.
    public var senderLocalpart: String
    /// The server name the namespaces were written for.
    public var serverName: String

    /// A registration value.
    public init(id: String, url: String, asToken: String, hsToken: String, senderLocalpart: String, serverName: String) {
        self.id = id
        self.url = url
        self.asToken = asToken
        self.hsToken = hsToken
        self.senderLocalpart = senderLocalpart
        self.serverName = serverName
    }

    /// A new registration with fresh tokens (32 random bytes each from the system CSPRNG, hex).
    /// - Throws: `RegistrationError.randomness` when the system's random source cannot be read.
    public static func generate(url: String, serverName: String, id: String = "socialbridge",
                                senderLocalpart: String = "socialbridge") throws(RegistrationError) -> AppServiceRegistration {
        AppServiceRegistration(id: id, url: url, asToken: try randomHex(bytes: 32), hsToken: try randomHex(bytes: 32),
                               senderLocalpart: senderLocalpart, serverName: serverName)
    }

    /// The user namespace regex: every address user of `serverName` (any case, as legacy ids are).
    public var userNamespace: String { "@0x[0-9a-fA-F]{40}:" + Self.regexEscaped(serverName) }
    /// The alias namespace regex: every DM alias `#<lo>+<hi>:<server>` (without it Synapse refuses the
    /// appservice's `createRoom` with an alias, after creating the room).
    public var aliasNamespace: String { "#0x[0-9a-fA-F]{40}\\+0x[0-9a-fA-F]{40}:" + Self.regexEscaped(serverName) }

    /// The YAML Synapse reads.
    public var yaml: String {
        """
        # Synapse application-service registration written by `social-bridge generate-registration`.
        # Add this file's path to app_service_config_files in homeserver.yaml; keep it secret (it holds both tokens).
        id: \(Self.quoted(id))
        url: \(Self.quoted(url))
        as_token: \(Self.quoted(asToken))
        hs_token: \(Self.quoted(hsToken))
        sender_localpart: \(Self.quoted(senderLocalpart))
        rate_limited: false
        namespaces:
          users:
            - exclusive: false
              regex: \(Self.quoted(userNamespace))
          aliases:
            - exclusive: false
              regex: \(Self.quoted(aliasNamespace))
          rooms: []

        """
    }

    /// Reads a registration file (the YAML this type writes, or any registration with the same top-level keys).
    /// - Throws: `RegistrationError` naming the file and what is missing.
    public static func load(path: String) throws(RegistrationError) -> AppServiceRegistration {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the top-level scalar keys of a registration (`id`, `url`, `as_token`, `hs_token`,
    /// `sender_localpart`) and the server name of the user namespace.
    /// - Throws: `RegistrationError.missingKey` for a missing or empty key.
    public static func parse(_ text: String, path: String = "registration") throws(RegistrationError) -> AppServiceRegistration {
        var values: [String: String] = [:]
        var userRegex: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { continue }
            var key = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
            if key.hasPrefix("- ") { key = String(key.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
            let value = unquoted(String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            if line.first != " " && line.first != "\t" && line.first != "-" {
                values[key] = value
            } else if key == "regex", userRegex == nil, value.hasPrefix("@") {
                userRegex = value
            }
        }
        func required(_ key: String) throws(RegistrationError) -> String {
            guard let value = values[key], !value.isEmpty else { throw .missingKey(path, key) }
            return value
        }
        let server = userRegex.flatMap { regex in regex.range(of: ":").map { unescaped(String(regex[$0.upperBound...])) } } ?? ""
        return AppServiceRegistration(
            id: try required("id"), url: values["url"] ?? "", asToken: try required("as_token"), hsToken: try required("hs_token"),
            senderLocalpart: try required("sender_localpart"), serverName: server)
    }

    // MARK: Helpers

    static func randomHex(bytes count: Int) throws(RegistrationError) -> String {
        guard let handle = FileHandle(forReadingAtPath: "/dev/urandom") else { throw .randomness }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: count), data.count == count else { throw .randomness }
        return data.map { String(format: "%02x", $0) }.joined()
    }

    /// Escapes regex metacharacters (a server name holds dots, maybe a port).
    static func regexEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static func unescaped(_ regex: String) -> String {
        var out = ""
        var escaping = false
        for character in regex {
            if escaping || character != "\\" {
                out.append(character)
                escaping = false
            } else {
                escaping = true
            }
        }
        return out
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func unquoted(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            let inner = text.dropFirst().dropLast()
            var out = ""
            var escaping = false
            for character in inner {
                if escaping {
                    out.append(character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    out.append(character)
                }
            }
            return out
        }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        return text
    }
}

/// Why a registration could not be made or read.
public enum RegistrationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case missingKey(String, String)
    case randomness

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read the appservice registration \(path)"
        case .missingKey(let path, let key): return "appservice registration \(path) has no \(key)"
        case .randomness: return "cannot read random bytes from /dev/urandom"
        }
    }
}
