import Protobuf

extension RPCSession {
    /// Dispatches one post-authentication frame; runs under the session lock and only queues output.
    /// Anything a client must never send, or cannot be decoded, closes the transport (1011).
    func handleFrame(_ frame: [UInt8], context: RPCContext, _ state: inout SessionState) {
        do {
            let header = try RpcMessageHeader(serializedBytes: frame)
            let number = MessageIdentifier.number(of: header.messageIdentifier)
            guard let type = MessageIdentifier.type(of: header.messageIdentifier) else {
                return close(.transportClosed, &state)
            }
            switch type {
            case .createPort:
                createPort(try CreatePort(serializedBytes: frame), number: number, &state)
            case .requestModule:
                requestModule(try RequestModule(serializedBytes: frame), number: number, &state)
            case .request:
                request(try Request(serializedBytes: frame), number: number, context: context, &state)
            case .streamMessage, .streamAck:
                streamMessage(try StreamMessage(serializedBytes: frame), type: type, number: number, &state)
            case .destroyPort:
                destroyPort(try DestroyPort(serializedBytes: frame), &state)
            case .empty, .response, .createPortResponse, .requestModuleResponse, .remoteErrorResponse, .serverReady:
                close(.transportClosed, &state)
            }
        } catch {
            close(.transportClosed, &state)
        }
    }

    private func remoteError(_ number: UInt32, _ message: String, _ state: inout SessionState) {
        state.send(RemoteError(
            messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, number), errorMessage: message))
    }

    private func createPort(_ message: CreatePort, number: UInt32, _ state: inout SessionState) {
        let portID = server.allocatePortID()
        state.ports[portID] = PortState(name: message.portName)
        state.send(CreatePortResponse(
            messageIdentifier: MessageIdentifier.make(.createPortResponse, number), portID: portID))
    }

    private func requestModule(_ message: RequestModule, number: UInt32, _ state: inout SessionState) {
        guard let port = state.ports[message.portID] else {
            return remoteError(number, "Cannot find port \(message.portID)", &state)
        }
        guard message.moduleName == server.service.name else {
            // The doubled parenthesis is the reference's text, kept for clients that match on it.
            return remoteError(
                number, "Module \(message.moduleName) is not available for port \(port.name) (\(message.portID)))", &state)
        }
        state.ports[message.portID]?.moduleLoaded = true
        state.send(RequestModuleResponse(
            messageIdentifier: MessageIdentifier.make(.requestModuleResponse, number),
            portID: message.portID, procedures: server.procedureTable))
    }

    private func destroyPort(_ message: DestroyPort, _ state: inout SessionState) {
        guard let port = state.ports.removeValue(forKey: message.portID) else { return }
        for stream in port.streams.values { state.retire(stream) }
    }

    private func request(_ message: Request, number: UInt32, context: RPCContext, _ state: inout SessionState) {
        guard let port = state.ports[message.portID] else {
            return remoteError(number, "invalid portId", &state)
        }
        guard port.moduleLoaded, let procedure = server.service.procedure(id: message.procedureID) else {
            return remoteError(
                number, "procedureId \(message.procedureID) is missing in \(port.name) (\(message.portID)))", &state)
        }
        guard message.clientStream == 0 else {
            return remoteError(number, "Client streams are not supported by this server", &state)
        }
        switch procedure.kind {
        case .unary(let handler):
            guard state.calls.count < server.configuration.maxConcurrentCalls else {
                return remoteError(number, "Too many concurrent requests", &state)
            }
            startUnary(handler, payload: message.payload, number: number, context: context, &state)
        case .serverStream(let run):
            startStream(run, payload: message.payload, portID: message.portID, number: number, context: context, &state)
        }
    }

    private func startUnary(
        _ handler: @escaping @Sendable ([UInt8], RPCContext) async throws -> [UInt8],
        payload: [UInt8], number: UInt32, context: RPCContext, _ state: inout SessionState
    ) {
        state.lastCallID += 1
        let callID = state.lastCallID
        // The task cannot remove itself before it is inserted: removal takes the lock we hold now.
        state.calls[callID] = Task {
            let reply: [UInt8]
            do {
                let result = try await handler(payload, context)
                reply = Response(messageIdentifier: MessageIdentifier.make(.response, number), payload: result).serializedBytes()
            } catch {
                reply = RemoteError(
                    messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, number),
                    errorMessage: Self.remoteMessage(for: error)).serializedBytes()
            }
            self.state.withLock { state in
                guard state.calls.removeValue(forKey: callID) != nil, !state.isClosed else { return }
                state.outbox.append(.frame(reply))
            }
            self.flush()
        }
    }

    private func streamMessage(_ message: StreamMessage, type: RpcMessageTypes, number: UInt32, _ state: inout SessionState) {
        guard var stream = state.ports[message.portID]?.streams[number] else { return }
        if message.closed {
            // Honoured whatever the sequence id: the client may cancel (or refuse the offer) while we wait
            // on the event source. The stream's subscription ends before the next frame is read.
            state.ports[message.portID]?.streams[number] = nil
            state.retire(stream)
            return
        }
        guard type == .streamAck || message.ack, stream.awaitedSequenceID == message.sequenceID else { return }
        if let waiter = stream.waiter {
            stream.waiter = nil
            stream.awaitedSequenceID = nil
            waiter.resume(returning: true)
        } else {
            stream.ackArrived = true
        }
        state.ports[message.portID]?.streams[number] = stream
    }

    /// The RemoteError text for a failed call: chosen text for `RPCRemoteError`, the codec's reason for an
    /// undecodable payload, a generic text for anything else.
    static func remoteMessage(for error: any Error) -> String {
        switch error {
        case let error as RPCRemoteError: error.message
        case let error as ProtobufError: "Invalid request payload: \(error.description)"
        default: RPCRemoteError.genericMessage
        }
    }
}
