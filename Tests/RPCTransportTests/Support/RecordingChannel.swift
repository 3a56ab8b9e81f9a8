import Foundation
import Protobuf
@testable import RPCTransport

/// A synchronous recording `RPCChannel` for the fuzz test: keeps every frame and the close, notes ports
/// the server created, and flags anything sent after the close.
final class RecordingChannel: RPCChannel, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [[UInt8]] = []
    private var closes: [(UInt16, String)] = []
    private var sentAfterClose = 0
    private var createdPorts: [UInt32] = []
    private var firstEventWaiter: CheckedContinuation<Void, Never>?

    func send(_ frame: [UInt8]) {
        lock.lock(); defer { lock.unlock() }
        wakeWaiter()
        if !closes.isEmpty { sentAfterClose += 1 }
        sent.append(frame)
        if let header = try? RpcMessageHeader(serializedBytes: frame),
           MessageIdentifier.type(of: header.messageIdentifier) == .createPortResponse,
           let response = try? CreatePortResponse(serializedBytes: frame) {
            createdPorts.append(response.portID)
        }
    }

    func close(code: UInt16, reason: String) {
        lock.lock(); defer { lock.unlock() }
        wakeWaiter()
        closes.append((code, reason))
    }

    /// Called with the lock held.
    private func wakeWaiter() {
        firstEventWaiter?.resume()
        firstEventWaiter = nil
    }

    /// Suspends until the first frame or close (authentication is a task, so SERVER_READY comes later).
    /// The test authenticator always answers, so this cannot hang on a working session.
    func waitForFirstEvent() async {
        await withCheckedContinuation { continuation in
            lock.lock(); defer { lock.unlock() }
            if sent.isEmpty && closes.isEmpty { firstEventWaiter = continuation } else { continuation.resume() }
        }
    }

    var frames: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return sent }
    var closeEvents: [(UInt16, String)] { lock.lock(); defer { lock.unlock() }; return closes }
    var framesAfterClose: Int { lock.lock(); defer { lock.unlock() }; return sentAfterClose }
    var ports: [UInt32] { lock.lock(); defer { lock.unlock() }; return createdPorts }
}
