import BridgeTestSupport
import Foundation
import Testing
@testable import Migration

/// The mappings the binary carries are the files of `mappings/`, byte for byte
/// (regenerate with `bash Tests/Support/gen_builtin_mappings.sh`).
@Suite struct BuiltInMappingTests {
    static var directory: URL { TestEnvironment.repositoryRoot.appendingPathComponent("mappings") }

    @Test func everyFileIsBuiltInByteForByte() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        #expect(Mapping.builtInNames == files.map { String($0.dropLast(5)) },
                "the built-in set differs from mappings/: run bash Tests/Support/gen_builtin_mappings.sh")
        for file in files {
            let name = String(file.dropLast(5))
            let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(file)))
            let builtIn = try #require(Mapping.builtInJSON(named: name))
            #expect(Array(builtIn.utf8) == bytes, "\(name) differs from mappings/\(file): run bash Tests/Support/gen_builtin_mappings.sh")
            #expect(try Mapping.builtIn(named: name) == Mapping.load(contentsOf: Self.directory.appendingPathComponent(file)))
        }
    }

    @Test func generatorOutputIsTheCheckedInFile() throws {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/gen_builtin_mappings.sh").path
        let result = try ProcessRunner.run("/bin/bash", [script, "--stdout"])
        try #require(result.status == 0, "\(result.stderr)")
        let checkedIn = try String(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("Sources/Migration/BuiltInMappings.swift"), encoding: .utf8)
        #expect(result.stdout == checkedIn, "run bash Tests/Support/gen_builtin_mappings.sh")
    }

    @Test func namedResolvesBuiltInsFirstThenFiles() throws {
        #expect(Mapping.defaultBuiltInName == "decentraland")
        let builtIn = try Mapping.named("decentraland")
        #expect(builtIn.origin == "built-in decentraland")
        #expect(builtIn.mapping.eventType == "org.decentraland.friendship")
        let file = try Mapping.named(Self.directory.appendingPathComponent("alternate-layout.json").path)
        #expect(file.origin.hasPrefix("file "))
        #expect(file.mapping == (try Mapping.builtIn(named: "alternate-layout")))
        #expect(throws: MappingError.self) { try Mapping.named("no-such-mapping") }
        #expect(throws: MappingError.self) { try Mapping.named("/nonexistent/mapping.json") }
    }
}
