import BridgeJSON
import BridgeTestSupport
import Foundation
import Migration
import Testing
import BridgeCLI

@Suite struct MappingsCommandTests {
    @Test func showPrintsTheFileByteForByte() async throws {
        for name in Mapping.builtInNames {
            let out = CapturedOutput()
            let code = await BridgeCLI.run(arguments: ["mappings", "show", name], context: CommandContext(stdout: out, stderr: CapturedOutput()))
            #expect(code == 0)
            let file = TestEnvironment.repositoryRoot.appendingPathComponent("mappings/\(name).json")
            #expect(Array(out.text.utf8) == Array(try Data(contentsOf: file)))
        }
        let err = CapturedOutput()
        let unknown = await BridgeCLI.run(arguments: ["mappings", "show", "nope"], context: CommandContext(stdout: CapturedOutput(), stderr: err))
        #expect(unknown.self == 2)
        #expect(err.text.hasPrefix("Error: No built-in mapping named 'nope'; expected one of: alternate-layout, decentraland\n"))
    }

    @Test func listNamesEveryBuiltInMapping() async throws {
        let out = CapturedOutput()
        #expect(await BridgeCLI.run(arguments: ["mappings", "list"], context: CommandContext(stdout: out, stderr: CapturedOutput())) == 0)
        #expect(out.text.contains("decentraland (default)  org.decentraland.friendship"))
        #expect(out.text.contains("alternate-layout"))
        let json = CapturedOutput()
        #expect(await BridgeCLI.run(arguments: ["mappings", "list", "--json"], context: CommandContext(stdout: json, stderr: CapturedOutput())) == 0)
        let parsed = try JSON(parsing: json.text)
        #expect(parsed.elements?.compactMap { $0["name"]?.stringValue } == ["alternate-layout", "decentraland"])
    }

    @Test func migrateRefusesAnUnknownMappingBeforeTouchingAnything() async throws {
        let directory = try makeTemporaryDirectory("mapping")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("x.sqlite").path
        let err = CapturedOutput()
        let code = await BridgeCLI.run(
            arguments: ["migrate", "--homeserver", "http://127.0.0.1:1", "--db", db, "--mapping", "decentraIand"],
            context: CommandContext(stdout: CapturedOutput(), stderr: err, environment: ["SOCIAL_BRIDGE_ADMIN_TOKEN": "syt_x_token"]))
        #expect(code == 2)
        #expect(err.text.contains("no built-in mapping named 'decentraIand' and no such file (built-in: alternate-layout, decentraland)"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
