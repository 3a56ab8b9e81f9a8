import Foundation

/// A running Tests/Support/synapse_fault_proxy.py: a loopback HTTP proxy that injects 429s, 500s, hangs,
/// truncated bodies and garbage per rule. It exits when this object is stopped or deallocated.
public final class FaultProxyProcess: @unchecked Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    private let process: Process
    private let stdin: Pipe

    /// Starts the proxy.
    /// - Parameters:
    ///   - rules: the JSON rule list (see the script's docstring).
    ///   - upstream: where unmatched requests go (e.g. the live Synapse), or nil.
    /// - Throws: when Python is missing or the proxy does not report its port.
    public init(rules: String, upstream: String? = nil) throws {
        guard let python = TestEnvironment.python else { throw FaultProxyError(message: TestEnvironment.pythonMissingReason) }
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/synapse_fault_proxy.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--rules", rules] + (upstream.map { ["--upstream", $0] } ?? [])
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.stdin = stdin
        // The first line is "PORT <n>".
        var line = Data()
        let handle = stdout.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw FaultProxyError(message: "fault proxy did not start: \(text)")
        }
        self.baseURL = "http://127.0.0.1:\(port)"
    }

    /// Stops the proxy (closing its stdin ends it; terminate covers a stuck one).
    public func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }

    deinit { stop() }

    /// The URL of the proxy's statistics (`requests`, `max_in_flight`, per-rule `matched`/`applied`).
    public var statsURL: String { baseURL + "/_proxy/stats" }
}

/// The fault proxy could not be started.
public struct FaultProxyError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
