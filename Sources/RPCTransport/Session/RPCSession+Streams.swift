extension RPCSession {
    /// Registers the stream for a REQUEST and starts its driver, which opens the handler's stream and only
    /// then queues the offer (sequence 0) in place of a response.
    func startStream(
        _ open: @escaping @Sendable ([UInt8], RPCContext) async throws -> any StreamElementSource,
        payload: [UInt8], portID: UInt32, number: UInt32, context: RPCContext, _ state: inout SessionState
    ) {
        // A client reusing a live (port, number) replaces the old stream.
        if let old = state.ports[portID]?.streams.removeValue(forKey: number) { state.retire(old) }
        state.lastStreamID += 1
        let id = state.lastStreamID
        var stream = StreamState(id: id)
        // The task cannot look the stream up before it is inserted: that takes the lock we hold now.
        stream.task = Task {
            await self.driveStream(open, payload: payload, key: StreamKey(port: portID, number: number, id: id), context: context)
        }
        state.ports[portID]?.streams[number] = stream
    }

    /// Which stream a driver runs: its table position and its identity.
    struct StreamKey: Sendable {
        let port: UInt32
        let number: UInt32
        let id: UInt64
    }

    /// Opens the stream, offers it, then sends one element per ACK until it ends, fails or is retired.
    ///
    /// The source lives in the stream's table entry whenever it is not being pulled, so a refusal,
    /// DESTROY_PORT or socket close (which remove the entry) releases it, and with it the handler's
    /// subscription, at once. While it is pulled, those cancel this task instead.
    private func driveStream(
        _ open: @escaping @Sendable ([UInt8], RPCContext) async throws -> any StreamElementSource,
        payload: [UInt8], key: StreamKey, context: RPCContext
    ) async {
        // Setup first: the handler's subscription is registered before the client can see the offer.
        var opened: (any StreamElementSource)?
        var setupError: (any Error)?
        do { opened = try await open(payload, context) } catch { setupError = error }
        // The source moves into the table under the lock, so a teardown that follows the offer releases it; a
        // stream retired meanwhile releases it here, after the lock.
        var retired: (any StreamElementSource)?
        let offered: Bool = withState { state in
            let source = opened
            opened = nil
            guard var stream = state.ports[key.port]?.streams[key.number], stream.id == key.id, !state.isClosed else {
                retired = source
                return false
            }
            stream.source = source
            state.ports[key.port]?.streams[key.number] = stream
            state.send(StreamMessage(messageIdentifier: MessageIdentifier.make(.streamMessage, key.number), portID: key.port))
            return true
        }
        withExtendedLifetime(retired) {}
        retired = nil
        guard offered else { return }
        flush()
        var awaited: UInt32 = 0
        while await waitForAck(key, sequenceID: awaited) {
            if let setupError {
                // As the reference's generated code: setup errors arrive as offer → ACK → RemoteError.
                return end(key, .error(Self.remoteMessage(for: setupError)))
            }
            guard let source = takeSource(key) else { return }
            let element: [UInt8]?
            do {
                element = try await source.next()
            } catch {
                return end(key, .error(Self.remoteMessage(for: error)))
            }
            guard let element else { return end(key, .closed) }
            guard let sequenceID = emit(element, source: source, key) else { return }
            awaited = sequenceID
        }
    }

    private enum StreamEnd {
        case closed
        case error(String)
    }

    /// Takes the parked source for one pull; nil when the stream was retired.
    private func takeSource(_ key: StreamKey) -> (any StreamElementSource)? {
        state.withLock { state in
            guard var stream = state.ports[key.port]?.streams[key.number], stream.id == key.id else { return nil }
            let source = stream.source
            stream.source = nil
            state.ports[key.port]?.streams[key.number] = stream
            return source
        }
    }

    /// Parks the source again and sends the next element (sequence ids 1, 2, 3, ...).
    /// - Returns: the element's sequence id, whose ACK to wait for; nil when the stream was retired
    ///   meanwhile (the source is then released by the caller).
    private func emit(_ element: [UInt8], source: any StreamElementSource, _ key: StreamKey) -> UInt32? {
        let sequenceID: UInt32? = state.withLock { state in
            guard var stream = state.ports[key.port]?.streams[key.number], stream.id == key.id, !state.isClosed else { return nil }
            stream.source = source
            stream.lastSequenceID &+= 1
            stream.awaitedSequenceID = stream.lastSequenceID
            stream.ackArrived = false
            state.ports[key.port]?.streams[key.number] = stream
            state.send(StreamMessage(
                messageIdentifier: MessageIdentifier.make(.streamMessage, key.number), portID: key.port,
                sequenceID: stream.lastSequenceID, payload: element))
            return stream.lastSequenceID
        }
        if sequenceID != nil { flush() }
        return sequenceID
    }

    /// The stream ended on its own or failed: tells the client, unless the stream was retired meanwhile
    /// (client close, DESTROY_PORT, socket close: nothing more goes out, and a new stream may already use
    /// the same number).
    private func end(_ key: StreamKey, _ end: StreamEnd) {
        withState { state in
            guard let stream = state.ports[key.port]?.streams[key.number], stream.id == key.id else { return }
            state.ports[key.port]?.streams[key.number] = nil
            switch end {
            case .closed:
                state.send(StreamMessage(
                    messageIdentifier: MessageIdentifier.make(.streamMessage, key.number), portID: key.port,
                    sequenceID: stream.lastSequenceID, closed: true))
            case .error(let message):
                state.send(RemoteError(
                    messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, key.number), errorMessage: message))
            }
        }
        flush()
    }

    /// Suspends until the client acknowledges `sequenceID` (true) or the stream is retired (false).
    /// Every retirement removes the stream and resumes its waiter under the lock, so this never hangs
    /// past a cancel.
    private func waitForAck(_ key: StreamKey, sequenceID: UInt32) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            state.withLock { state in
                guard var stream = state.ports[key.port]?.streams[key.number], stream.id == key.id,
                      stream.awaitedSequenceID == sequenceID
                else { return continuation.resume(returning: false) }
                if stream.ackArrived {
                    stream.ackArrived = false
                    stream.awaitedSequenceID = nil
                    continuation.resume(returning: true)
                } else {
                    stream.waiter = continuation
                }
                state.ports[key.port]?.streams[key.number] = stream
            }
        }
    }
}
