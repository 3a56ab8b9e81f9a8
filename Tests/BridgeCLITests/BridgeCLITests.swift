import Testing
import BridgeCLI

/// The real `social-bridge` tool.
@Suite struct BridgeCLITests {
    @Test func versionLine() async {
        let out = CapturedOutput(), err = CapturedOutput()
        let code = await BridgeCLI.run(arguments: ["--version"], context: CommandContext(stdout: out, stderr: err))
        #expect(code == 0)
        #expect(out.text == "social-bridge \(BridgeCLI.version)\n")
        #expect(err.text.isEmpty)
    }

    @Test func helpEqualsSubcommandHelpForEveryCommand() async {
        for command in BridgeCLI.commands {
            let viaFlag = CapturedOutput(), viaHelp = CapturedOutput()
            let a = await BridgeCLI.run(arguments: [command.name, "--help"], context: CommandContext(stdout: viaFlag, stderr: CapturedOutput()))
            let b = await BridgeCLI.run(arguments: ["help", command.name], context: CommandContext(stdout: viaHelp, stderr: CapturedOutput()))
            #expect(a == 0 && b == 0)
            #expect(viaFlag.text == viaHelp.text)
            #expect(viaFlag.text.hasPrefix("OVERVIEW: \(command.abstract)\n"))
        }
    }

    @Test func commandNamesAreUnique() {
        let names = BridgeCLI.commands.map { $0.name }
        #expect(Set(names).count == names.count)
        #expect(!names.contains("help"))
    }
}
