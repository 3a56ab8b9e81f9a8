/// Reads and derives one room (legacy-matrix §8.4–§8.5, §4.2): its state, and its `""` history only when
/// steps 1–5 let the room yield a candidate. `migrate`, `diff` and sync all derive rooms through this.
public struct LegacyRoomReader: Sendable {
    /// What reading one room gave.
    public enum Outcome: Sendable {
        /// The derivation; `historyRead` when the history was read successfully.
        case derived(RoomDerivation, historyRead: Bool)
        /// The homeserver does not know the room (404).
        case unknown
        /// The state could not be read (after the client's retries), with the reason.
        case failed(String)
    }

    let homeserver: any LegacyHomeserver
    let layout: LegacyLayout

    /// - Parameters:
    ///   - homeserver: the legacy reads.
    ///   - layout: the mapping and server names in force.
    public init(homeserver: any LegacyHomeserver, layout: LegacyLayout) {
        self.homeserver = homeserver
        self.layout = layout
    }

    /// Reads and derives `roomID`.
    /// - Throws: `MigrationError.homeserver` when the homeserver refuses the admin token (the caller stops).
    public func read(_ roomID: String) async throws -> Outcome {
        let deriver = RoomDeriver(layout: layout)
        let state: [ClientEvent]
        do { state = try await homeserver.roomState(roomID: roomID) } catch let error as HomeserverReadError {
            switch error {
            case .unauthorized: throw MigrationError.homeserver(error)
            case .notFound: return .unknown
            case .failed(let reason): return .failed(reason)
            }
        }
        var snapshot = RoomSnapshot(roomID: roomID, state: state, friendshipEventType: layout.mapping.eventType)
        // With H unavailable every room passing steps 1–5 yields a candidate, so this tells whether H matters.
        let preliminary = deriver.derive(snapshot)
        guard preliminary.candidate != nil else { return .derived(preliminary, historyRead: false) }
        do {
            let history = try await homeserver.roomHistory(roomID: roomID, types: ["m.room.create", layout.mapping.eventType])
            snapshot.history = .read(events: history.events, complete: history.complete)
        } catch let error as HomeserverReadError {
            if case .unauthorized = error { throw MigrationError.homeserver(error) }
            snapshot.history = .unavailable
        }
        return .derived(deriver.derive(snapshot), historyRead: snapshot.history != .unavailable)
    }
}
