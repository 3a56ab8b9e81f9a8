import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process (the built binary) whose stdout and stderr are collected while it runs, so a test can
/// wait for a line, signal it, and read everything at the end. Secrets go to it through `environment`
/// or files, never through `arguments`, unless the test is about exactly that.
public final class RunningProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    private var readers: [Thread] = []
    private let done = DispatchGroup()

    /// Starts `executable`.
    /// - Parameters:
    ///   - environment: added to (and overriding) the test's own environment.
    ///   - currentDirectory: the child's working directory.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for (handle, isOut) in [(outPipe.fileHandleForReading, true), (errPipe.fileHandleForReading, false)] {
            done.enter()
            // Threads of their own: blocking reads must not take the cooperative pool's two threads.
            let thread = Thread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    lock.withLock { if isOut { out.append(chunk) } else { err.append(chunk) } }
                }
                done.leave()
            }
            thread.start()
            readers.append(thread)
        }
    }

    /// The child's pid.
    public var pid: Int32 { process.processIdentifier }

    /// Everything written to stdout so far.
    public var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    /// Everything written to stderr so far.
    public var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// Waits until `condition` holds for (stdout, stderr), the process exits, or `timeout` passes.
    /// - Returns: whether the condition held.
    public func waitFor(timeout: Double = 20, _ condition: (String, String) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdout, stderr) { return true }
            if !process.isRunning { return condition(stdout, stderr) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(stdout, stderr)
    }

    /// Sends `signal` (SIGINT, SIGTERM, SIGHUP) to the child.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit (killing it after `timeout`) and for its output to be read.
    /// - Returns: the exit status.
    @discardableResult
    public func wait(timeout: Double = 30) async -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = done.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    /// The child's command line as `/proc/<pid>/cmdline` shows it to every local user (NULs as spaces).
    public var visibleCommandLine: String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// Every process's command line as `ps -eo args` would print it (the processes this user may read).
public func processListing() -> String {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return "" }
    var lines: [String] = []
    for entry in entries where entry.allSatisfy(\.isNumber) {
        guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
        lines.append(String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self))
    }
    return lines.joined(separator: "\n")
}

/// Writes `text` to `directory/name` with mode 0600 (or `mode`) and returns the path.
public func writePrivateFile(_ text: String, named name: String, in directory: URL, mode: Int = 0o600) throws -> String {
    let path = directory.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: mode])
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    return path
}
