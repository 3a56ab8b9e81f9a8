extension RPCSession {
    /// Sends the stream offer (sequence 0) in place of a response and starts the driver task.
    func startStream(
        _ run: @escaping @Sendable ([UInt8], RPCContext, StreamElementSink) async throws -> Void,
        payload: [UInt8], portID: UInt32, number: UInt32, context: RPCContext, _ state: inout SessionState
    ) {
        // A client reusing a live (port, number) replaces the old stream.
        state.ports[portID]?.streams[number]?.cancel()
        var stream = StreamState()
        stream.awaitedSequenceID = 0
        state.send(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamMessage, number), portID: portID))
        stream.task = Task {
            await self.driveStream(run, payload: payload, portID: portID, number: number, context: context)
        }
        state.ports[portID]?.streams[number] = stream
    }

    private func driveStream(
        _ run: @escaping @Sendable ([UInt8], RPCContext, StreamElementSink) async throws -> Void,
        payload: [UInt8], portID: UInt32, number: UInt32, context: RPCContext
    ) async {
        // The handler starts only once the client accepted the offer, as the reference's codegen does.
        guard await waitForAck(portID: portID, number: number, sequenceID: 0) else { return }
        let sink = StreamElementSink { [weak self] element in
            guard let self else { return false }
            return await self.emit(element, portID: portID, number: number)
        }
        let final: StreamMessageOrError
        do {
            try await run(payload, context, sink)
            final = .closed
        } catch {
            final = .error(Self.remoteMessage(for: error))
        }
        state.withLock { state in
            // Cancelled (client close, DESTROY_PORT, socket close): nothing more goes out. A cancelled driver
            // never touches the table, where a new stream may already use the same (port, number).
            guard !Task.isCancelled, let stream = state.ports[portID]?.streams.removeValue(forKey: number) else { return }
            switch final {
            case .closed:
                state.send(StreamMessage(
                    messageIdentifier: MessageIdentifier.make(.streamMessage, number), portID: portID,
                    sequenceID: stream.lastSequenceID, closed: true))
            case .error(let message):
                state.send(RemoteError(
                    messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, number), errorMessage: message))
            }
        }
        flush()
    }

    private enum StreamMessageOrError {
        case closed
        case error(String)
    }

    /// Sends the next element (sequence ids 1, 2, 3, ...) and waits for its ACK.
    /// - Returns: `false` when the stream was cancelled instead.
    private func emit(_ element: [UInt8], portID: UInt32, number: UInt32) async -> Bool {
        let sequenceID: UInt32? = state.withLock { state in
            guard !Task.isCancelled, var stream = state.ports[portID]?.streams[number] else { return nil }
            stream.lastSequenceID &+= 1
            stream.awaitedSequenceID = stream.lastSequenceID
            stream.ackArrived = false
            state.ports[portID]?.streams[number] = stream
            state.send(StreamMessage(
                messageIdentifier: MessageIdentifier.make(.streamMessage, number), portID: portID,
                sequenceID: stream.lastSequenceID, payload: element))
            return stream.lastSequenceID
        }
        guard let sequenceID else { return false }
        flush()
        return await waitForAck(portID: portID, number: number, sequenceID: sequenceID)
    }

    /// Suspends until the client acknowledges `sequenceID` (true) or the stream is cancelled (false).
    /// Every cancellation path removes the stream and resumes its waiter under the lock, so this never
    /// hangs past a cancel.
    private func waitForAck(portID: UInt32, number: UInt32, sequenceID: UInt32) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            state.withLock { state in
                guard !Task.isCancelled, var stream = state.ports[portID]?.streams[number],
                      stream.awaitedSequenceID == sequenceID
                else { return continuation.resume(returning: false) }
                if stream.ackArrived {
                    stream.ackArrived = false
                    stream.awaitedSequenceID = nil
                    continuation.resume(returning: true)
                } else {
                    stream.waiter = continuation
                }
                state.ports[portID]?.streams[number] = stream
            }
        }
    }
}
