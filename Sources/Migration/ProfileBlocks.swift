import Foundation
import SocialDomain

/// Why a blocks file could not be read at all (a bad entry is journaled, never fatal).
public enum BlocksFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case notJSON
    case notAnArray

    public var description: String {
        switch self {
        case .unreadable(let reason): return "cannot read the blocks file: \(reason)"
        case .notJSON: return "the blocks file is not valid JSON"
        case .notAnArray: return "the blocks file must hold a JSON array of profiles or avatar entries"
        }
    }
}

/// The blocks of a profiles file (§7.2): blocker → blocked addresses, plus the journal of what was skipped.
public struct ProfileBlocks: Sendable, Equatable {
    /// One block, blocker → blocked.
    public struct Block: Sendable, Hashable, Comparable {
        public var blocker: Address
        public var blocked: Address
        public init(blocker: Address, blocked: Address) {
            self.blocker = blocker
            self.blocked = blocked
        }
        public static func < (l: Block, r: Block) -> Bool { (l.blocker, l.blocked) < (r.blocker, r.blocked) }

        /// The `detail` of the `new_side_newer` entry journaled when this block, once imported, has been
        /// removed on the new side (§7.3 step 5); `diff` looks for it to tell an unblock from drift.
        public var removedOnNewSideDetail: String {
            "block \(blocker.rawValue) → \(blocked.rawValue) was removed on the new side"
        }
    }

    /// Every distinct block, ordered by (blocker, blocked).
    public var blocks: [Block]
    /// Entries and items skipped or normalized.
    public var journal: [JournalEntry]

    /// Reads a blocks file.
    /// - Throws: `BlocksFileError` when the file is unreadable or not a JSON array.
    public static func load(contentsOf url: URL, layout: LegacyLayout) throws(BlocksFileError) -> ProfileBlocks {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(error.localizedDescription) }
        return try parse(data, layout: layout)
    }

    /// Parses blocks-file JSON.
    /// - Throws: `BlocksFileError` when the text is not a JSON array.
    public static func parse(_ data: Data, layout: LegacyLayout) throws(BlocksFileError) -> ProfileBlocks {
        let root: LegacyJSON
        do { root = try LegacyJSON(parsing: data) } catch { throw .notJSON }
        guard let elements = root.arrayValue else { throw .notAnArray }
        var parser = Parser(layout: layout)
        for (index, element) in elements.enumerated() {
            if let avatars = element["avatars"] {
                guard let entries = avatars.arrayValue else {
                    parser.skip(path: "[\(index)].avatars", reason: "avatars is not an array")
                    continue
                }
                for (inner, entry) in entries.enumerated() { parser.read(entry, path: "[\(index)].avatars[\(inner)]") }
            } else {
                parser.read(element, path: "[\(index)]")
            }
        }
        return parser.result()
    }

    private struct Parser {
        let layout: LegacyLayout
        var byBlocker: [Address: Set<Address>] = [:]
        var journal: [JournalEntry] = []

        mutating func skip(path: String, reason: String) {
            journal.append(JournalEntry(.invalidProfileEntry, detail: "\(path): \(reason)"))
        }

        /// §1.2 steps 2–3 only: profile owners are bare addresses.
        mutating func owner(_ value: LegacyJSON?, path: String) -> Address? {
            guard let text = value?.stringValue, let address = Address(text) else { return nil }
            if address.rawValue != text { journal.append(JournalEntry(.identifierNormalized, detail: "\(path): \(text)")) }
            return address
        }

        mutating func read(_ entry: LegacyJSON, path: String) {
            guard entry.objectValue != nil else { return skip(path: path, reason: "not an object") }
            guard let blocker = owner(entry["ethAddress"], path: path + ".ethAddress")
                ?? owner(entry["userId"], path: path + ".userId") else {
                return skip(path: path, reason: "no valid ethAddress or userId")
            }
            var items: [LegacyJSON] = []
            switch entry["blocked"] {
            case .none, .some(.null): break
            case .some(.array(let list)): items = list
            case .some: return skip(path: path, reason: "blocked is not an array")
            }
            if byBlocker[blocker] != nil {
                journal.append(JournalEntry(.duplicateProfileEntry, detail: "\(path): \(blocker.rawValue)"))
            }
            var set = byBlocker[blocker] ?? []
            for (index, item) in items.enumerated() {
                let itemPath = "\(path).blocked[\(index)]"
                guard let text = item.stringValue, case .address(let blocked, let normalized) = layout.identity(of: text) else {
                    journal.append(JournalEntry(.invalidBlockedAddress, detail: "\(itemPath): \(item.stringValue ?? item.typeName)"))
                    continue
                }
                if normalized { journal.append(JournalEntry(.identifierNormalized, detail: "\(itemPath): \(text)")) }
                guard blocked != blocker else {
                    journal.append(JournalEntry(.selfBlock, detail: "\(itemPath): \(blocker.rawValue)"))
                    continue
                }
                set.insert(blocked)
            }
            byBlocker[blocker] = set
        }

        func result() -> ProfileBlocks {
            var blocks: [Block] = []
            for (blocker, blocked) in byBlocker {
                blocks.append(contentsOf: blocked.map { Block(blocker: blocker, blocked: $0) })
            }
            return ProfileBlocks(blocks: blocks.sorted(), journal: journal)
        }
    }
}
