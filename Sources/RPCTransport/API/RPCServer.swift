import Synchronization

/// The server-wide part of the transport: the service, the authenticator, the port id counter
/// (ids start at 1 and are never reused, as in the reference). Creates one `RPCSession` per connection.
public final class RPCServer: Sendable {
    let service: RPCService
    let authenticator: any ConnectionAuthenticator
    let observer: (any RPCSessionObserver)?
    let configuration: RPCServerConfiguration
    /// The REQUEST_MODULE_RESPONSE table, built once.
    let procedureTable: [ModuleProcedure]
    private let lastPortID = Mutex<UInt32>(0)
    /// Sessions not yet authenticated (awaiting or verifying their credential).
    let pendingAuthentication = Atomic<Int>(0)

    /// - Parameters:
    ///   - service: the module every port offers.
    ///   - authenticator: verifies each connection's first frame.
    ///   - observer: told about authenticated sessions, their activity and their end.
    ///   - configuration: timeouts and limits.
    public init(
        service: RPCService, authenticator: any ConnectionAuthenticator,
        observer: (any RPCSessionObserver)? = nil, configuration: RPCServerConfiguration = RPCServerConfiguration()
    ) {
        self.service = service
        self.authenticator = authenticator
        self.observer = observer
        self.configuration = configuration
        procedureTable = service.procedureNames.enumerated().map { index, name in
            ModuleProcedure(procedureID: UInt32(index + 1), procedureName: name)
        }
    }

    /// Starts a session on a freshly opened channel (the authentication timer starts now).
    /// - Parameters:
    ///   - channel: where the session's frames and close go.
    ///   - connectionID: the connection's id, reported in `RPCContext`.
    /// - Returns: the session; feed it with `receive(_:)` and tell it `channelClosed()`.
    public func makeSession(channel: any RPCChannel, connectionID: UInt64) -> RPCSession {
        let session = RPCSession(server: self, channel: channel, connectionID: connectionID)
        session.start()
        return session
    }

    /// Sessions waiting for (or verifying) their credential right now.
    public var pendingAuthenticationCount: Int { pendingAuthentication.load(ordering: .relaxed) }

    /// Whether one more unauthenticated connection may be admitted (`maxPendingAuthentication`).
    public var admitsUnauthenticatedConnection: Bool {
        pendingAuthenticationCount < configuration.maxPendingAuthentication
    }

    /// The next port id. Wrapping after 2^32-1 ports skips 0, which clients would read as "no port".
    func allocatePortID() -> UInt32 {
        lastPortID.withLock { last in
            last = last == UInt32.max ? 1 : last + 1
            return last
        }
    }
}
