import Foundation

extension Mapping {
    /// The built-in mapping `--mapping` uses by default.
    public static let defaultBuiltInName = "decentraland"

    /// The names of the built-in mappings (the files of `mappings/` without `.json`), sorted.
    public static var builtInNames: [String] { builtInSources.map(\.name) }

    /// The exact bytes of the built-in mapping `name`, or nil when there is none.
    public static func builtInJSON(named name: String) -> String? {
        builtInSources.first { $0.name == name }?.json
    }

    /// The built-in mapping `name`, parsed and validated; nil when there is none.
    /// - Throws: `MappingError` if the built-in copy is invalid (a test keeps that from shipping).
    public static func builtIn(named name: String) throws(MappingError) -> Mapping? {
        guard let json = builtInJSON(named: name) else { return nil }
        return try parse(Data(json.utf8))
    }

    /// `--mapping NAME|FILE`: a built-in mapping by name, else the file at that path.
    ///
    /// A built-in name wins over a file of the same name in the working directory; write `./decentraland`
    /// to read such a file.
    /// - Returns: the mapping and how to describe where it came from (`built-in decentraland`, `file x.json`).
    /// - Throws: `MappingError` for an unreadable or invalid file (or a word that names neither).
    public static func named(_ nameOrPath: String) throws(MappingError) -> (mapping: Mapping, origin: String) {
        if let mapping = try builtIn(named: nameOrPath) { return (mapping, "built-in \(nameOrPath)") }
        let looksLikeName = !nameOrPath.contains("/") && !nameOrPath.hasSuffix(".json")
        if looksLikeName && !FileManager.default.fileExists(atPath: nameOrPath) {
            throw MappingError(
                path: "$", problem: "no built-in mapping named '\(nameOrPath)' and no such file (built-in: \(builtInNames.joined(separator: ", ")))")
        }
        return (try load(contentsOf: URL(fileURLWithPath: nameOrPath)), "file \(nameOrPath)")
    }
}
