import Foundation

/// Where the service writes its operational log lines (dropped updates, slow profile sources, …).
/// A closure rather than a logging framework: the daemon decides the destination and the format (the
/// CLI routes it through its one configured logger).
public struct SocialLog: Sendable {
    /// Severity of an event.
    public enum Level: String, Sendable {
        case debug, info, warning, error
    }

    private let sink: @Sendable (Level, String, [(String, String)]) -> Void

    /// - Parameter sink: receives one line per event, without a trailing newline (level and fields dropped).
    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = { _, line, fields in
            sink(fields.isEmpty ? line : line + " " + fields.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
        }
    }

    /// - Parameter sink: receives each event's level, message and structured fields.
    public init(events sink: @escaping @Sendable (Level, String, [(String, String)]) -> Void) {
        self.sink = sink
    }

    /// Lines go to standard error with a `social-rpc:` prefix.
    public static let standardError = SocialLog { line in
        FileHandle.standardError.write(Data("social-rpc: \(line)\n".utf8))
    }

    /// Discards everything (tests).
    public static let silent = SocialLog { _ in }

    /// Writes one event.
    /// - Parameters:
    ///   - line: the message.
    ///   - level: its severity (most service events are things an operator should look at).
    ///   - fields: structured fields, in order.
    public func callAsFunction(_ line: @autoclosure () -> String, level: Level = .warning, fields: [(String, String)] = []) {
        sink(level, line(), fields)
    }
}
