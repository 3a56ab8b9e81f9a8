/// A plain-text table with left-aligned, space-padded columns (human output of commands).
public struct TextTable: Sendable {
    /// Column titles.
    public var headers: [String]
    /// Rows; each as many cells as `headers`.
    public private(set) var rows: [[String]] = []

    /// An empty table with these column titles.
    public init(headers: [String]) { self.headers = headers }

    /// Appends a row (missing cells are blank, extra cells dropped).
    public mutating func append(_ cells: [String]) {
        var row = Array(cells.prefix(headers.count))
        while row.count < headers.count { row.append("") }
        rows.append(row)
    }

    /// The table, columns separated by two spaces, no trailing spaces; ends with a newline.
    public func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                text += index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        return ([headers] + rows).map(line).joined()
    }
}
