import BridgeJSON
import Foundation

/// A `--config` file: options by their long names, as a JSON object or as `key = value` lines.
///
/// JSON: `{"db": "social.sqlite", "concurrency": 8, "dry-run": true, "users": ["a", "b"]}` — strings,
/// numbers, booleans, arrays of those for repeatable options, `null` for "not set".
///
/// `key = value`: one option per line; blank lines and lines starting with `#` are skipped; a value is
/// the rest of the line, trimmed, up to a ` #` comment, or a JSON string literal (`"with # and spaces"`);
/// a repeatable option is repeated on several lines; flags take `true` or `false`.
struct ConfigFile: Sendable, Equatable {
    /// One key of the file.
    struct Entry: Sendable, Equatable {
        var key: String
        /// One value, or several for an array / a repeated key.
        var values: [String]
        /// The 1-based line of the key (its first occurrence).
        var line: Int
    }

    /// The file's path as given.
    var path: String
    /// Keys in file order (a repeated key is merged into its first entry, its lines recorded in `repeatedLines`).
    var entries: [Entry]
    /// Lines where an already-seen key appears again, by key.
    var repeatedLines: [String: [Int]] = [:]
    /// The file's permission bits (a file holding secrets must not be group/world-readable).
    var mode: mode_t = 0o600

    /// Reads and parses the file.
    /// - Throws: `UsageError` when it cannot be read or parsed (naming the line).
    static func load(_ path: String) throws(UsageError) -> ConfigFile {
        let bytes: [UInt8], mode: mode_t
        do { (bytes, mode) = try SecretFile.readWithMode(path, purpose: "--config") } catch {
            throw UsageError("cannot use the config file \(path): \(error.problem)")
        }
        var file = try parse(String(decoding: bytes, as: UTF8.self), path: path)
        file.mode = mode
        return file
    }

    /// Parses file text: JSON when the first non-blank character is `{`, else `key = value` lines.
    /// - Throws: `UsageError` naming the file and the line of the problem.
    static func parse(_ text: String, path: String) throws(UsageError) -> ConfigFile {
        if text.first(where: { !$0.isWhitespace }) == "{" { return try parseJSON(text, path: path) }
        return try parseLines(text, path: path)
    }

    private static func parseJSON(_ text: String, path: String) throws(UsageError) -> ConfigFile {
        let root: JSON
        do { root = try JSON(parsing: text) } catch {
            throw UsageError("config file \(path) is not valid JSON: \(error)")
        }
        guard let members = root.members else { throw UsageError("config file \(path): expected a JSON object") }
        var file = ConfigFile(path: path, entries: [])
        for member in members {
            let values: [String]
            switch member.value {
            case .null: continue
            case .array(let elements):
                values = try elements.map { element throws(UsageError) in
                    guard let scalar = scalarText(element) else {
                        throw UsageError("config file \(path), line \(member.line): '\(member.key)' must hold strings, numbers or booleans")
                    }
                    return scalar
                }
            default:
                guard let scalar = scalarText(member.value) else {
                    throw UsageError("config file \(path), line \(member.line): '\(member.key)' must be a string, a number, a boolean or an array of them")
                }
                values = [scalar]
            }
            try file.add(key: member.key, values: values, line: member.line)
        }
        return file
    }

    private static func scalarText(_ value: JSON) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    private static func parseLines(_ text: String, path: String) throws(UsageError) -> ConfigFile {
        var file = ConfigFile(path: path, entries: [])
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let content = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard let equals = content.firstIndex(of: "=") else {
                throw UsageError("config file \(path), line \(line): expected 'key = value'")
            }
            let key = content[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw UsageError("config file \(path), line \(line): '\(key)' is not an option name")
            }
            let rest = content[content.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let value = try parseValue(rest, path: path, line: line)
            try file.add(key: key, values: [value], line: line)
        }
        return file
    }

    /// A quoted JSON string (then only a comment may follow), or bare text up to a ` #` comment.
    private static func parseValue(_ text: String, path: String, line: Int) throws(UsageError) -> String {
        guard text.hasPrefix("\"") else {
            if let comment = text.range(of: " #") ?? text.range(of: "\t#") {
                return text[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            return text
        }
        // Find the closing quote (skipping escapes), then let the JSON parser decode the literal.
        var escaped = false
        var end: String.Index?
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                end = index
                break
            }
            index = text.index(after: index)
        }
        guard let end else { throw UsageError("config file \(path), line \(line): unterminated quoted value") }
        let literal = String(text[...end])
        let after = text[text.index(after: end)...].trimmingCharacters(in: .whitespaces)
        guard after.isEmpty || after.hasPrefix("#") else {
            throw UsageError("config file \(path), line \(line): unexpected text after the quoted value")
        }
        do {
            guard let decoded = try JSON(parsing: literal).stringValue else { throw UsageError("") }
            return decoded
        } catch {
            throw UsageError("config file \(path), line \(line): invalid quoted value (JSON string syntax)")
        }
    }

    private mutating func add(key: String, values: [String], line: Int) throws(UsageError) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].values += values
            repeatedLines[key, default: []].append(line)
            return
        }
        entries.append(Entry(key: key, values: values, line: line))
    }
}
