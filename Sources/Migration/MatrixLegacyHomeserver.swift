import MatrixClient

/// `LegacyHomeserver` over the Synapse admin API through `MatrixClient` (legacy-matrix §8).
///
/// Account data comes from the admin account-data API (Synapse ≥ 1.50), which needs no login as the user.
public struct MatrixLegacyHomeserver: LegacyHomeserver {
    private let client: MatrixClient
    private let counts: @Sendable () -> (requests: Int, retries: Int)
    private let pageSize: Int

    /// - Parameters:
    ///   - client: a client holding the server-admin token.
    ///   - pageSize: rows per admin list page.
    ///   - counts: HTTP requests made and retried so far (from the transport's counters).
    public init(client: MatrixClient, pageSize: Int = 500, counts: @escaping @Sendable () -> (requests: Int, retries: Int)) {
        self.client = client
        self.pageSize = pageSize
        self.counts = counts
    }

    public func whoami() async throws -> String {
        try await mapped { try await client.whoAmI().userID }
    }

    public func users(from: String?) async throws -> LegacyPage<LegacyUser> {
        let page = try await mapped { try await client.listUsers(from: from, limit: pageSize) }
        return LegacyPage(items: page.users.map { LegacyUser(userID: $0.name, deactivated: $0.isDeactivated) }, next: page.nextToken)
    }

    public func rooms(from: String?) async throws -> LegacyPage<String> {
        let offset = from.flatMap { Int($0) }
        let page = try await mapped { try await client.listRooms(from: offset, limit: pageSize) }
        return LegacyPage(items: page.rooms.map { $0.roomID }, next: page.nextBatch.map(String.init))
    }

    public func globalAccountData(userID: String) async throws -> [String: LegacyJSON] {
        let data = try await mapped { try await client.adminAccountData(userID) }
        return data.global.mapValues(LegacyJSON.init)
    }

    public func roomState(roomID: String) async throws -> [ClientEvent] {
        try await mapped { try await client.adminRoomState(roomID) }.map(ClientEvent.init)
    }

    public func roomHistory(roomID: String, types: [String]) async throws -> (events: [ClientEvent], complete: Bool) {
        let history = try await mapped { try await client.roomHistory(roomID, types: types) }
        return (history.events.map(ClientEvent.init), history.isComplete)
    }

    public func requestCounts() async -> (requests: Int, retries: Int) { counts() }

    private func mapped<R>(_ body: () async throws -> R) async throws -> R {
        do { return try await body() } catch let error as MatrixError {
            switch error.kind {
            case .unauthorized: throw HomeserverReadError.unauthorized(error.description)
            case .notFound: throw HomeserverReadError.notFound
            default: throw HomeserverReadError.failed(error.description)
            }
        } catch {
            throw HomeserverReadError.failed(String(describing: error))
        }
    }
}

extension LegacyJSON {
    /// Converts the Matrix client's JSON value.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(LegacyJSON.init))
        case .object(let members): self = .object(members.mapValues(LegacyJSON.init))
        }
    }
}

extension ClientEvent {
    /// Converts the Matrix client's event.
    public init(_ event: MatrixEvent) {
        self.init(eventID: event.eventID, type: event.type, stateKey: event.stateKey, sender: event.sender,
                  originServerTS: event.originServerTS, content: LegacyJSON(event.content))
    }
}
