import CurlHTTP
import Foundation
import MatrixClient
import Migration
import SocialDomain
import SocialStore
import Synchronization

/// A delivery attempt that did not finish.
public struct MirrorFailure: Error, Sendable, CustomStringConvertible {
    /// Whether repeating later may succeed (homeserver down, 429, 5xx, timeouts); false for refusals
    /// that will not change (403 on a write, a malformed answer).
    public var isRetryable: Bool
    /// What failed, naming the endpoint (never a token).
    public var message: String

    public var description: String { message }

    init(_ error: MatrixError) {
        switch error.kind {
        case .transport, .rateLimited, .server: isRetryable = true
        case .unauthorized, .notFound, .malformedResponse, .invalidArgument: isRetryable = false
        }
        // A 5xx classed as `.server` is retryable; a 4xx classed as `.server` (400 M_UNKNOWN…) is not.
        if case .server = error.kind, let status = error.status, status < 500 { isRetryable = false }
        message = error.description
    }

    init(retryable: Bool, _ message: String) {
        isRetryable = retryable
        self.message = message
    }
}

/// What one delivered outbox row wrote.
public struct MirrorOutcome: Sendable, Equatable {
    /// Delivered, or skipped on purpose.
    public var state: OutboxState
    /// The pair's room written to (nil when the action needed no room, e.g. a block of a pair without one).
    public var roomID: String?
    /// Event ids the friendship writes returned (echo detection).
    public var eventIDs: [String]
    /// Why it was skipped, or what was written, for the log.
    public var note: String
}

/// Writes one new-side action into Matrix exactly as legacy-matrix §9.2–§9.5 say: the pair's room (found,
/// or created with the pair's alias, never twice), both members joined, the friendship event under the
/// actor's own state key then `""` with the bridge marker, a request's message as `m.room.message`, the
/// block mapping, the ignored-user list, and both users' `m.direct`.
public struct MirrorDelivery: Sendable {
    let layout: LegacyLayout
    /// Holds a server-admin token: room state, alias lookups and alias removal (never joins or writes).
    let admin: MatrixClient
    let puppets: any MatrixPuppets
    let store: SocialStore
    let accountLocks: AsyncKeyedLock
    /// `m.direct` entries this process saw holding the room lately (skips a read per delivery).
    let directSeen: DirectCache

    init(layout: LegacyLayout, admin: MatrixClient, puppets: any MatrixPuppets, store: SocialStore, accountLocks: AsyncKeyedLock,
         directSeen: DirectCache = DirectCache()) {
        self.layout = layout
        self.admin = admin
        self.puppets = puppets
        self.store = store
        self.accountLocks = accountLocks
        self.directSeen = directSeen
    }

    private var mapping: Mapping { layout.mapping }

    /// Delivers `entry`.
    /// - Throws: `MirrorFailure`.
    func deliver(_ entry: OutboxEntry) async throws -> MirrorOutcome {
        do {
            return try await attempt(entry)
        } catch let error as MirrorFailure {
            throw error
        } catch let error as MatrixError {
            throw MirrorFailure(error)
        } catch {
            throw MirrorFailure(retryable: true, "store: \(error)")
        }
    }

    private func attempt(_ entry: OutboxEntry) async throws -> MirrorOutcome {
        let actor = layout.userID(of: entry.actor), other = layout.userID(of: entry.target)
        let actorClient = try await puppets.client(for: actor)
        let otherClient = try await puppets.client(for: other)

        // A legacy action imported after this one was committed is newer in Matrix already: writing this
        // one now would make Matrix say the opposite of the new side.
        if let newest = try store.newestAction(of: entry.pair), newest.isImported, newest.action.timestamp > entry.createdAt,
           entry.kind != .block, entry.kind != .unblock {
            return MirrorOutcome(state: .skipped, roomID: nil, eventIDs: [],
                                 note: "superseded by legacy action \(newest.action.id) (\(newest.action.action.rawValue))")
        }

        let needsRoom = entry.kind.friendshipAction != nil
        guard var room = try await findRoom(entry, actor: actor, other: other, actorClient: actorClient, create: needsRoom) else {
            // A block or unblock of a pair with no room: only the ignored-user list changes (§9.4).
            try await updateIgnoredList(entry, actor: actor, other: other, client: actorClient)
            return MirrorOutcome(state: .delivered, roomID: nil, eventIDs: [], note: "no room; ignored-user list updated")
        }
        if entry.roomID != room.roomID { try store.recordOutboxRoom(id: entry.id, roomID: room.roomID) }

        let writes = friendshipWrites(entry, room: room, actor: actor, other: other)
        var eventIDs: [String] = []
        let marker = markerID(entry)
        if !writes.isEmpty && room.sharedMarker(key: mapping.bridgeMarkerKey) != marker {
            room = try await ensureMembers(room, actor: actor, other: other, actorClient: actorClient, otherClient: otherClient)
            for write in writes {
                let client = write.sender == actor ? actorClient : otherClient
                if mapping.hasPerUserStateKeys {
                    eventIDs.append(try await client.putState(room.roomID, type: mapping.eventType, stateKey: write.sender, content: write.content))
                }
                if write.shared {
                    eventIDs.append(try await client.putState(room.roomID, type: mapping.eventType, stateKey: mapping.sharedStateKey,
                                                              content: write.content))
                }
            }
            if entry.kind == .request, let message = entry.message, !message.isEmpty {
                eventIDs.append(try await actorClient.sendEvent(
                    room.roomID, type: "m.room.message", transactionID: "socialbridge-\(marker)",
                    content: .object(["msgtype": .string("m.text"), "body": .string(message)])))
            }
        }
        if entry.kind == .block || entry.kind == .unblock {
            try await updateIgnoredList(entry, actor: actor, other: other, client: actorClient)
        }
        if !writes.isEmpty || needsRoom {
            // Two users' account data: independent, so both at once.
            let roomID = room.roomID
            async let mine: Void = mergeDirect(of: actor, with: other, room: roomID, client: actorClient)
            async let theirs: Void = mergeDirect(of: other, with: actor, room: roomID, client: otherClient)
            _ = try await (mine, theirs)
        }
        let summary = writes.map { "\($0.action.rawValue) by \($0.sender)\($0.shared ? "" : " (per-user key only)")" }
        return MirrorOutcome(state: .delivered, roomID: room.roomID, eventIDs: eventIDs,
                             note: summary.isEmpty ? "no friendship event for \(entry.kind.rawValue)" : summary.joined(separator: ", "))
    }

    // MARK: The friendship event (§9.3, §9.4)

    private struct Write {
        var action: FriendshipAction
        var sender: String
        /// Also write the shared key (false for the consent repair, which restates V's own key only).
        var shared: Bool
        var content: JSONValue
    }

    private func markerID(_ entry: OutboxEntry) -> String { entry.actionID ?? "outbox-\(entry.id)" }

    private func content(_ action: FriendshipAction, message: String?, marker: String) -> JSONValue {
        var members: [String: JSONValue] = [mapping.actionKey: .string(legacyValue(action))]
        if action == .request, let message, !message.isEmpty { members[mapping.messageKey] = .string(message) }
        members[mapping.bridgeMarkerKey] = .object(["action_id": .string(marker)])
        return .object(members)
    }

    /// The mapping's value for `action` (the first in byte order when several values map to it).
    private func legacyValue(_ action: FriendshipAction) -> String {
        mapping.actions.filter { $0.value == action }.map(\.key).sorted().first ?? action.rawValue
    }

    private func friendshipWrites(_ entry: OutboxEntry, room: RoomView, actor: String, other: String) -> [Write] {
        let marker = markerID(entry)
        let current = room.shared.flatMap { state in state.action.map { ($0, layout.identity(of: state.sender).address) } }
        var action: FriendshipAction?
        switch entry.kind {
        case .request, .accept, .reject, .cancel, .delete:
            action = entry.kind.friendshipAction
        case .block:
            switch current {
            case (.accept, _)?: action = .delete
            case (.request, let by?)? where by == entry.target: action = .reject
            case (.request, let by?)? where by == entry.actor: action = .cancel
            default: action = nil
            }
        case .unblock:
            if case (.accept, _)? = current { action = .delete }
        }
        guard let action else { return [] }
        var writes: [Write] = []
        // Consent repair [B]: legacy readers accept only when the other's own key holds their request.
        if action == .accept, mapping.hasPerUserStateKeys {
            let theirs = room.perUser[other]
            if !(theirs?.action == .request && theirs?.sender == other) {
                writes.append(Write(action: .request, sender: other, shared: false, content: content(.request, message: nil, marker: marker)))
            }
        }
        writes.append(Write(action: action, sender: actor, shared: true, content: content(action, message: entry.message, marker: marker)))
        return writes
    }

    // MARK: The room (§9.2)

    private func state(of roomID: String) async throws -> RoomView? {
        let state: [MatrixEvent]
        do {
            state = try await admin.adminRoomState(roomID)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
        return RoomView(roomID: roomID, state: state, mapping: mapping)
    }

    /// The room with U or V joined, following upgrades to their replacement.
    private func usable(_ roomID: String, actor: String, other: String) async throws -> RoomView? {
        var next: String? = roomID
        var visited: Set<String> = []
        while let id = next, visited.insert(id).inserted {
            guard let view = try await state(of: id) else { return nil }
            if let replacement = view.replacement {
                next = replacement
                continue
            }
            return view.isJoined(actor) || view.isJoined(other) ? view : nil
        }
        return nil
    }

    private func findRoom(_ entry: OutboxEntry, actor: String, other: String, actorClient: MatrixClient, create: Bool) async throws -> RoomView? {
        // 1. The room an earlier attempt settled on, the pair's winning room, then any room known to name it.
        var candidates: [String] = []
        if let roomID = entry.roomID { candidates.append(roomID) }
        if let winner = try store.winningRoom(of: entry.pair) { candidates.append(winner) }
        candidates += try store.legacyRooms(of: entry.pair).map(\.roomID)
        var tried: Set<String> = []
        for roomID in candidates where tried.insert(roomID).inserted {
            if let view = try await usable(roomID, actor: actor, other: other) { return view }
        }
        // 2. The pair's alias.
        let alias = layout.alias(of: entry.pair)
        if let roomID = try await admin.resolveAlias(alias), let view = try await usable(roomID, actor: actor, other: other) {
            return view
        }
        guard create else { return nil }
        // A createRoom whose outcome we never learnt may have made a room the alias does not name.
        if entry.createAttempted, let adopted = try await adoptOrphan(entry, actor: actor, other: other, client: actorClient, alias: alias) {
            return adopted
        }
        // 3. Create it as U.
        return try await createRoom(entry, actor: actor, other: other, client: actorClient, alias: alias, retryAfterAliasRemoval: true)
    }

    private func createRoom(_ entry: OutboxEntry, actor: String, other: String, client: MatrixClient, alias: String,
                            retryAfterAliasRemoval: Bool) async throws -> RoomView {
        let aliasName = entry.pair.lo.rawValue + mapping.directAlias.pairSeparator + entry.pair.hi.rawValue
        try store.recordOutboxRoomCreation(id: entry.id)
        let roomID: String
        do {
            roomID = try await client.createRoom(.directMessage(aliasName: aliasName, invite: other))
        } catch {
            guard error.errcode == "M_ROOM_IN_USE" else { throw error }
            if let existing = try await admin.resolveAlias(alias) {
                if let view = try await usable(existing, actor: actor, other: other) { return view }
                guard retryAfterAliasRemoval else {
                    throw MirrorFailure(retryable: true, "alias \(alias) names \(existing), where neither member is joined")
                }
                // The alias points at a room neither member can use: free it for the pair (§9.2 step 3).
                try await admin.deleteAlias(alias)
            }
            return try await createRoom(entry, actor: actor, other: other, client: client, alias: alias, retryAfterAliasRemoval: false)
        }
        try store.recordOutboxRoom(id: entry.id, roomID: roomID)
        guard let view = try await state(of: roomID) else { throw MirrorFailure(retryable: true, "room \(roomID) created but not readable") }
        return view
    }

    /// Finds rooms U joined that look like this pair's DM but are unknown to the bridge (a creation
    /// whose answer was lost): keeps one, gives it the alias if free, leaves and forgets the others.
    private func adoptOrphan(_ entry: OutboxEntry, actor: String, other: String, client: MatrixClient, alias: String) async throws -> RoomView? {
        var orphans: [RoomView] = []
        for roomID in try await client.joinedRooms().sorted() where try store.legacyRoom(roomID) == nil {
            guard let view = try await state(of: roomID), view.creator == actor, view.replacement == nil else { continue }
            let members = Set(view.members.filter { $0.value == "join" || $0.value == "invite" }.keys)
            if members == [actor, other] && (view.canonicalAlias == nil || view.canonicalAlias == alias) { orphans.append(view) }
        }
        guard let kept = orphans.first else { return nil }
        for extra in orphans.dropFirst() {
            try await client.leave(extra.roomID)
            try? await client.forget(extra.roomID)
        }
        if try await admin.resolveAlias(alias) == nil { try? await client.setAlias(alias, roomID: kept.roomID) }
        try store.recordOutboxRoom(id: entry.id, roomID: kept.roomID)
        return kept
    }

    /// §9.2 step 4: both members joined; an invited one joins, one who left (or never was a member) is
    /// invited by the joined one first.
    private func ensureMembers(_ room: RoomView, actor: String, other: String, actorClient: MatrixClient,
                               otherClient: MatrixClient) async throws -> RoomView {
        var view = room
        for (user, client, inviter) in [(actor, actorClient, otherClient), (other, otherClient, actorClient)] {
            switch view.membership(of: user) {
            case "join":
                continue
            case "invite":
                try await client.join(view.roomID)
            default:
                try await inviter.invite(view.roomID, userID: user)
                try await client.join(view.roomID)
            }
            view.members[user] = "join"
        }
        return view
    }

    // MARK: Account data (§9.4, §9.5)

    /// Makes sure `user`'s `m.direct` lists `room` under `partner`'s full id (appending; other entries untouched).
    private func mergeDirect(of user: String, with partner: String, room: String, client: MatrixClient) async throws {
        // A pair's later actions land in the same room: an entry confirmed minutes ago is not read again.
        guard !directSeen.contains(user: user, partner: partner, room: room) else { return }
        _ = try await accountLocks.withLock(user) {
            let current = try await client.accountData(user, type: "m.direct")
            var map = current?.objectValue ?? [:]
            var rooms = map[partner]?.arrayValue ?? []
            guard !rooms.contains(.string(room)) else { return false }
            rooms.append(.string(room))
            map[partner] = .array(rooms)
            try await client.setAccountData(user, type: "m.direct", content: .object(map))
            return true
        }
        directSeen.insert(user: user, partner: partner, room: room)
    }

    /// A block adds the blocked user to the blocker's `m.ignored_user_list`, an unblock removes them.
    private func updateIgnoredList(_ entry: OutboxEntry, actor: String, other: String, client: MatrixClient) async throws {
        guard entry.kind == .block || entry.kind == .unblock else { return }
        let adding = entry.kind == .block
        _ = try await accountLocks.withLock(actor) {
            let current = try await client.accountData(actor, type: "m.ignored_user_list")
            var content = current?.objectValue ?? [:]
            var ignored = content["ignored_users"]?.objectValue ?? [:]
            if adding {
                guard ignored[other] == nil else { return false }
                ignored[other] = .object([:])
            } else {
                guard ignored.removeValue(forKey: other) != nil else { return false }
            }
            content["ignored_users"] = .object(ignored)
            try await client.setAccountData(actor, type: "m.ignored_user_list", content: .object(content))
            return true
        }
    }
}

/// Which (user, partner, room) `m.direct` entries were confirmed recently. Entries expire (another client
/// may rewrite a user's `m.direct`), and the cache is bounded.
final class DirectCache: Sendable {
    private let entries = Mutex<[String: Int64]>([:])
    private let lifetimeMilliseconds: Int64
    private let capacity: Int

    init(lifetimeMilliseconds: Int64 = 10 * 60_000, capacity: Int = 100_000) {
        self.lifetimeMilliseconds = lifetimeMilliseconds
        self.capacity = capacity
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    func contains(user: String, partner: String, room: String) -> Bool {
        let key = user + "\u{0}" + partner + "\u{0}" + room
        return entries.withLock { ($0[key] ?? 0) > Self.now() }
    }

    func insert(user: String, partner: String, room: String) {
        let key = user + "\u{0}" + partner + "\u{0}" + room
        let expiry = Self.now() + lifetimeMilliseconds
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = expiry
        }
    }
}
