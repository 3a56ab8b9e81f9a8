import Foundation
import Testing
import BridgeCLI

@Suite struct OutputTests {
    @Test func fileDescriptorOutputWritesEverything() throws {
        let pipe = Pipe()
        let output = FileDescriptorOutput(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let big = String(repeating: "0123456789", count: 3_000)  // below the pipe buffer, in one call
        output.write("héllo ")
        output.line(big)
        try pipe.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        #expect(String(decoding: data, as: UTF8.self) == "héllo " + big + "\n")
    }

    @Test func capturedOutputCollectsFromManyTasks() async {
        let capture = CapturedOutput()
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<50 { group.addTask { capture.line("\(n)") } }
        }
        #expect(Set(capture.text.split(separator: "\n").map(String.init)) == Set((0..<50).map { "\($0)" }))
    }

    @Test func tableAlignsColumnsWithoutTrailingSpaces() {
        var table = TextTable(headers: ["A", "LONG HEADER", "C"])
        table.append(["wide cell", "x"])
        table.append(["y", "z", "last", "dropped"])
        #expect(table.render() == """
            A          LONG HEADER  C
            wide cell  x
            y          z            last

            """)
    }
}
