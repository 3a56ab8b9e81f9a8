import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes text; injected so tests capture what a command prints.
public protocol TextOutput: Sendable {
    /// Writes `text` as is (callers add their own newlines).
    func write(_ text: String)
}

extension TextOutput {
    /// Writes `text` followed by a newline.
    public func line(_ text: String = "") { write(text + "\n") }
}

/// A process file descriptor (standard output or standard error), written unbuffered.
public struct FileDescriptorOutput: TextOutput {
    /// The descriptor written to.
    public let descriptor: Int32

    /// The process's standard output.
    public static let standardOutput = FileDescriptorOutput(descriptor: 1)
    /// The process's standard error.
    public static let standardError = FileDescriptorOutput(descriptor: 2)

    /// Writes to `descriptor`.
    public init(descriptor: Int32) { self.descriptor = descriptor }

    public func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                // Partial writes and EINTR happen on pipes; keep going until everything is out.
                Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return  // A closed pipe or full disk: nothing sensible left to do with the text.
            }
            offset += written
        }
    }
}

/// Collects everything written, for tests and for commands that post-process output.
public final class CapturedOutput: TextOutput, @unchecked Sendable {
    // NSLock rather than Synchronization.Mutex keeps the package buildable on macOS 14.
    private let lock = NSLock()
    private var buffer = ""

    /// An empty capture.
    public init() {}

    public func write(_ text: String) {
        lock.lock()
        buffer += text
        lock.unlock()
    }

    /// Everything written so far.
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }
}
