import Foundation

/// Where the service writes its operational log lines (dropped updates, slow profile sources, …).
/// A closure rather than a logging framework: the daemon decides the destination.
public struct SocialLog: Sendable {
    private let sink: @Sendable (String) -> Void

    /// - Parameter sink: receives one line per event, without a trailing newline.
    public init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    /// Lines go to standard error with a `social-rpc:` prefix.
    public static let standardError = SocialLog { line in
        FileHandle.standardError.write(Data("social-rpc: \(line)\n".utf8))
    }

    /// Discards everything (tests).
    public static let silent = SocialLog { _ in }

    /// Writes one line.
    public func callAsFunction(_ line: @autoclosure () -> String) { sink(line()) }
}
