import Synchronization
import WebSocket

/// Runs the RPC transport over `WebSocketServer`: pass it as the server's `WebSocketHandler`. One
/// `RPCSession` per connection; callbacks only hand frames to the session, which never blocks.
public final class RPCWebSocketServer: WebSocketHandler {
    /// The transport core (service, authenticator, port ids).
    public let rpcServer: RPCServer
    private let sessions = Mutex<[UInt64: RPCSession]>([:])

    /// - Parameter rpcServer: the transport core whose sessions run on this server's connections.
    public init(rpcServer: RPCServer) { self.rpcServer = rpcServer }

    /// - Parameters:
    ///   - service: the module every port offers.
    ///   - authenticator: verifies each connection's first frame.
    ///   - observer: told about authenticated sessions, their activity and their end.
    ///   - configuration: timeouts and limits.
    public convenience init(
        service: RPCService, authenticator: any ConnectionAuthenticator,
        observer: (any RPCSessionObserver)? = nil, configuration: RPCServerConfiguration = RPCServerConfiguration()
    ) {
        self.init(rpcServer: RPCServer(
            service: service, authenticator: authenticator, observer: observer, configuration: configuration))
    }

    /// Sessions currently open (authenticating or authenticated).
    public var sessionCount: Int { sessions.withLock { $0.count } }

    /// Refuses the upgrade (503) while `maxPendingAuthentication` connections wait for authentication.
    /// With several event loops, simultaneous upgrades may pass the limit by one per extra loop.
    public func webSocketShouldUpgrade(_ request: HTTPRequest) -> WebSocketUpgradeDecision {
        guard !rpcServer.admitsUnauthenticatedConnection else { return .accept }
        return .refuse(
            HTTPResponse(status: 503, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "5")],
                         body: Array("too many connections waiting for authentication, try again later\n".utf8)),
            .pendingAuthFull)
    }

    public func webSocketDidOpen(_ connection: WebSocketConnection) {
        let session = rpcServer.makeSession(channel: ConnectionChannel(connection: connection), connectionID: connection.id)
        sessions.withLock { $0[connection.id] = session }
    }

    public func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        guard let session = sessions.withLock({ $0[connection.id] }) else { return }
        switch message {
        case .binary(let bytes): session.receive(bytes)
        // The credential may come as text (Unity); later text frames are parsed like binary, as uWS does.
        case .text(let text): session.receive(Array(text.utf8))
        }
    }

    public func webSocketDidClose(_ connection: WebSocketConnection, code: UInt16, reason: String) {
        sessions.withLock { $0.removeValue(forKey: connection.id) }?.channelClosed()
    }
}

/// A WebSocket connection seen as an `RPCChannel`: binary frames only.
struct ConnectionChannel: RPCChannel {
    let connection: WebSocketConnection

    func send(_ frame: [UInt8]) { connection.send(.binary(frame)) }
    func close(code: UInt16, reason: String) { connection.close(code: code, reason: reason) }
}

extension HTTPRejection {
    /// An upgrade refused because `maxPendingAuthentication` connections already wait for their credential → 503.
    public static let pendingAuthFull = HTTPRejection("pending_auth_full")
}
