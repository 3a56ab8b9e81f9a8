import Foundation
import SocialStore

/// `social-bridge export`: prints the current state of every pair and every block of a database.
struct ExportCommand: Command {
    static let name = "export"
    static let abstract = "Print the current state of every friendship and every block."
    static let discussion: String? = """
        Reads the database without changing it (it is never created). The JSON format lists
        pairs sorted by their two addresses and blocks sorted by blocker then blocked; a block
        with no friendship appears only under "blocks". Status, acting user, message and
        updated_at are those of the pair's newest action; requester and active are the pair row's.
        """
    static let options: [OptionSpec] = [
        .option("db", valueName: "file", help: "The SQLite database to read.", required: true),
        .option("format", valueName: "format", help: "Output format.", defaultValue: "json", allowedValues: ["json", "table"]),
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let path: String = try arguments.required("db")
        let format: String = try arguments.required("format")
        let store = try SocialStore(path: path, options: .readOnly)
        let snapshot = try store.snapshot()
        context.stdout.write(format == "table" ? renderTable(snapshot) : snapshot.json())
        return ExitCode.success
    }

    /// Two aligned tables (friendships, blocks) with ISO-8601 UTC times.
    static func renderTable(_ snapshot: StoreSnapshot) -> String {
        var pairs = TextTable(headers: ["USER A", "USER B", "REQUESTER", "STATUS", "ACTING USER", "ACTIVE", "UPDATED AT", "MESSAGE"])
        for pair in snapshot.friendships {
            pairs.append([
                pair.users.lo.rawValue, pair.users.hi.rawValue, pair.requester.rawValue, pair.status?.rawValue ?? "-",
                pair.actingUser?.rawValue ?? "-", pair.active ? "yes" : "no", isoTime(pair.updatedAt),
                pair.message.map(escaped) ?? "",
            ])
        }
        var blocks = TextTable(headers: ["BLOCKER", "BLOCKED", "BLOCKED AT"])
        for block in snapshot.blocks {
            blocks.append([block.blocker.rawValue, block.blocked.rawValue, isoTime(block.blockedAt)])
        }
        return "FRIENDSHIPS (\(snapshot.friendships.count))\n" + pairs.render()
            + "\nBLOCKS (\(snapshot.blocks.count))\n" + blocks.render()
    }

    /// `2024-05-01T12:00:00.123Z`.
    static func isoTime(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Keeps one row per line: control characters shown as escapes.
    private static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
