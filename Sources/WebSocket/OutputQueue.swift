import CEpoll
import Glibc

/// A connection's outbound bytes, guarded by the connection's mutex: writers on any thread append and
/// try to write at once; what the socket does not take waits for EPOLLOUT. Entries hold whole frames,
/// so dropping entries never cuts a frame (only the head entry may be partly written).
struct OutputQueue {
    /// Outcome of a flush attempt.
    enum FlushResult { case drained, blocked, failed }

    /// A ping the server sent and whose pong it waits for.
    struct PendingPing {
        var payload: [UInt8]
        /// Monotonic nanoseconds.
        var sentAt: UInt64
        var callback: @Sendable (Double?) -> Void
    }

    private(set) var entries: [[UInt8]] = []
    private var headOffset = 0
    private(set) var queuedBytes = 0
    /// False once closing started (or the queue overflowed): data sends are refused.
    var acceptsMessages = true
    /// False once the descriptor is closed: nothing may touch it any more.
    var socketOpen = true
    /// EPOLLOUT currently requested.
    var writeArmed = false
    var pings: [PendingPing] = []

    /// Coalesce small frames into the last entry up to this size, so a burst of small sends is one write.
    private static let coalesceLimit = 16 << 10

    mutating func append(_ frame: [UInt8]) {
        queuedBytes += frame.count
        if let last = entries.indices.last, last > 0 || headOffset == 0, entries[last].count + frame.count <= Self.coalesceLimit {
            entries[last].append(contentsOf: frame)
        } else {
            entries.append(frame)
        }
    }

    /// Drops everything queued except the rest of a partly written head entry (so the stream stays
    /// frame-aligned), before a 1011 close frame is queued.
    mutating func dropUnsent() {
        if headOffset > 0, let head = entries.first {
            entries = [head]
            queuedBytes = head.count - headOffset
        } else {
            entries = []
            queuedBytes = 0
        }
    }

    /// Writes until the queue is empty or the socket is full.
    mutating func flush(_ fd: Int32) -> FlushResult {
        guard socketOpen else { return .failed }
        while let head = entries.first {
            guard let written = SocketOperations.send(fd, head, from: headOffset) else { return .failed }
            if written == 0 { return .blocked }
            headOffset += written
            queuedBytes -= written
            if headOffset == head.count {
                entries.removeFirst()
                headOffset = 0
            }
        }
        // Release the array's storage: an idle connection keeps no buffer.
        entries = []
        return .drained
    }

    mutating func clear() {
        entries = []
        headOffset = 0
        queuedBytes = 0
        pings = []
    }
}
