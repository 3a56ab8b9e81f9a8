import Foundation
import Migration

/// Draws `migrate` progress: one rewritten line on a terminal, one line per finished phase otherwise.
final class MigrationProgressRenderer: @unchecked Sendable {
    private let output: any TextOutput
    private let isTTY: Bool
    private let lock = NSLock()
    private var last: MigrationProgress?

    init(output: any TextOutput, isTTY: Bool) {
        self.output = output
        self.isTTY = isTTY
    }

    func render(_ progress: MigrationProgress) {
        lock.withLock {
            if let last, last.phase != progress.phase {
                // The previous phase ended: settle its line.
                output.write(isTTY ? "\r\u{1B}[K" + Self.describe(last) + "\n" : Self.describe(last) + "\n")
            }
            last = progress
            if isTTY { output.write("\r\u{1B}[K" + Self.describe(progress)) }
        }
    }

    func finish() {
        lock.withLock {
            if isTTY { output.write("\r\u{1B}[K") }
            last = nil
        }
    }

    static func describe(_ progress: MigrationProgress) -> String {
        var text = "\(progress.phase): \(progress.done)"
        if let total = progress.total { text += "/\(total)" }
        text += String(format: " (%.0f/s", progress.rate)
        if let eta = progress.eta, progress.total != nil, eta.isFinite { text += String(format: ", ETA %.0fs", eta) }
        return text + ")"
    }
}
