import BridgeJSON
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Severity of a log line, least severe first.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case debug, info, warning, error

    public static func < (a: LogLevel, b: LogLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How log lines are written: human text, or one JSON object per line (`ts`, `level`, `msg`, then the
/// event's fields), the convention of the Matrix bridges' structured logs.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// A field value of a log event.
public enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case int(Int64)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// The one logger of a command run: the CLI configures it from `--log-format`, `--log-level` and
/// `--log-file`, and every sink (the service's `SocialLog`, the WebSocket server's logger, the
/// framework's warnings and errors) writes through it.
///
/// Lines are written with one `write(2)` each, so lines from several threads never interleave. Known
/// secret values (`addSecrets`) are replaced by `***` in every line, fields included.
public final class Logger: @unchecked Sendable {
    /// The line format.
    public let format: LogFormat
    /// Lines below this level are dropped.
    public let minimumLevel: LogLevel
    private let output: any TextOutput
    private let file: LogFileOutput?
    private let lock = NSLock()
    private var secrets: [String] = []

    /// A logger writing to `output` (standard error, or a capture in tests).
    public init(format: LogFormat = .text, minimumLevel: LogLevel = .info, output: any TextOutput) {
        self.format = format
        self.minimumLevel = minimumLevel
        self.output = output
        self.file = nil
    }

    /// A logger appending to the file at `path` (created with mode 0640 when missing).
    /// - Throws: `LogFileError` when the file cannot be opened.
    public init(format: LogFormat, minimumLevel: LogLevel, filePath path: String) throws(LogFileError) {
        let file = try LogFileOutput(path: path)
        self.format = format
        self.minimumLevel = minimumLevel
        self.output = file
        self.file = file
    }

    /// The log file, when lines go to one.
    public var filePath: String? { file?.path }

    /// Whether a line at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    /// Registers values that must never be written (tokens, keys); values shorter than 4 characters are
    /// ignored, as redacting them would garble every line.
    public func addSecrets(_ values: [String]) {
        lock.withLock { secrets += values.filter { $0.count >= 4 } }
    }

    /// `text` with every registered secret replaced by `***`.
    public func redact(_ text: String) -> String {
        let known = lock.withLock { secrets }
        var out = text
        for secret in known where out.contains(secret) { out = out.replacingOccurrences(of: secret, with: "***") }
        return out
    }

    /// Writes one event.
    /// - Parameters:
    ///   - level: its severity.
    ///   - message: one line of text (newlines are escaped in text format).
    ///   - fields: the event's structured fields, in order.
    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, LogValue)] = []) {
        guard isEnabled(level) else { return }
        output.write(render(level, message, fields))
    }

    /// A debug event.
    public func debug(_ message: String, _ fields: [(String, LogValue)] = []) { log(.debug, message, fields) }
    /// An info event.
    public func info(_ message: String, _ fields: [(String, LogValue)] = []) { log(.info, message, fields) }
    /// A warning event.
    public func warning(_ message: String, _ fields: [(String, LogValue)] = []) { log(.warning, message, fields) }
    /// An error event.
    public func error(_ message: String, _ fields: [(String, LogValue)] = []) { log(.error, message, fields) }

    /// Reopens the log file (after logrotate moved it); nothing to do without one.
    /// - Returns: whether there was a file to reopen.
    /// - Throws: `LogFileError` when it cannot be reopened (lines keep going to the old descriptor).
    @discardableResult
    public func reopen() throws(LogFileError) -> Bool {
        guard let file else { return false }
        try file.reopen()
        return true
    }

    /// One line, newline included.
    func render(_ level: LogLevel, _ message: String, _ fields: [(String, LogValue)]) -> String {
        let timestamp = Self.timestamp()
        switch format {
        case .json:
            var members = [
                JSON.Member("ts", .string(timestamp)),
                JSON.Member("level", .string(level.rawValue)),
                JSON.Member("msg", .string(redact(message))),
            ]
            for (key, value) in fields {
                let name = ["ts", "level", "msg"].contains(key) ? "field_" + key : key
                switch value {
                case .string(let text): members.append(JSON.Member(name, .string(redact(text))))
                case .int(let number): members.append(JSON.Member(name, .integer(number)))
                case .bool(let flag): members.append(JSON.Member(name, .bool(flag)))
                }
            }
            return JSON.object(members).serialized() + "\n"
        case .text:
            var line = "\(timestamp) \(level.rawValue) \(Self.oneLine(redact(message)))"
            for (key, value) in fields {
                switch value {
                case .string(let text):
                    let clean = Self.oneLine(redact(text))
                    line += " \(key)=" + (clean.isEmpty || clean.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) ? JSON.quoted(clean) : clean)
                case .int(let number): line += " \(key)=\(number)"
                case .bool(let flag): line += " \(key)=\(flag)"
                }
            }
            return line + "\n"
        }
    }

    private static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// `2025-05-01T12:00:00.123Z` (UTC, milliseconds).
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(spec.tv_nsec / 1_000_000), 3))Z"
    }
}

/// The log file could not be opened.
public struct LogFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The system's reason.
    public var reason: String
    public var description: String { "cannot open the log file \(path): \(reason)" }
}

/// An append-only file descriptor that can be reopened under the same path (log rotation).
final class LogFileOutput: TextOutput, @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var descriptor: Int32

    init(path: String) throws(LogFileError) {
        self.path = path
        descriptor = try Self.openFile(path)
    }

    deinit { close(descriptor) }

    private static func openFile(_ path: String) throws(LogFileError) -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw LogFileError(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }

    func reopen() throws(LogFileError) {
        let fresh = try Self.openFile(path)
        lock.withLock {
            close(descriptor)
            descriptor = fresh
        }
    }

    func write(_ text: String) {
        lock.withLock { FileDescriptorOutput(descriptor: descriptor).write(text) }
    }
}

/// Standard error seen through the logger: every complete line written becomes one log event, so with
/// `--log-format json` even plain progress lines and `Error:` lines are JSON objects.
final class LogLineOutput: TextOutput, @unchecked Sendable {
    private let logger: Logger
    private let lock = NSLock()
    private var pending = ""

    init(logger: Logger) { self.logger = logger }

    func write(_ text: String) {
        let lines: [Substring] = lock.withLock {
            pending += text
            guard let last = pending.lastIndex(of: "\n") else { return [] }
            let complete = pending[..<last]
            let lines = complete.split(separator: "\n", omittingEmptySubsequences: true)
            pending = String(pending[pending.index(after: last)...])
            return lines
        }
        for line in lines {
            // Terminal control sequences (progress redraws) mean nothing in a JSON line.
            let clean = line.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\u{1B}[K", with: "")
            if clean.isEmpty { continue }
            if clean.hasPrefix("Error: ") {
                logger.error(String(clean.dropFirst(7)))
            } else if clean.hasPrefix("warning: ") {
                logger.warning(String(clean.dropFirst(9)))
            } else {
                logger.info(clean)
            }
        }
    }
}
