#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's own argument vector, which `ps` and `/proc/<pid>/cmdline` show to every local user.
enum ProcessArguments {
    /// Overwrites, in place, every argument that contains one of `secrets` (`TOKEN` or `--x=TOKEN`) with
    /// `x` characters. The kernel reads cmdline from this memory, so the secret stops being visible; it
    /// was visible until now, which is why a secret on the command line still earns a warning.
    static func scrub(_ secrets: [String]) {
        let secrets = secrets.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { return }
        let argv = CommandLine.unsafeArgv
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = argv[index] else { continue }
            let word = String(cString: pointer)
            guard secrets.contains(where: { word.contains($0) }) else { continue }
            memset(pointer, Int32(UInt8(ascii: "x")), strlen(pointer))
        }
    }
}
