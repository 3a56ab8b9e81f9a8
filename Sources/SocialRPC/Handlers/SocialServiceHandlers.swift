import SocialDomain
import SocialProtocol

/// The 13 seed procedures as functions from a decoded request (and the caller) to the response message,
/// with the reference's error variants and messages (spec §4.3–§4.8). `makeService()` registers them.
public struct SocialServiceHandlers: Sendable {
    /// Who calls: the connection's authenticated address and the connection's id.
    public struct Caller: Sendable, Equatable {
        public var address: Address
        public var connectionID: UInt64

        public init(address: Address, connectionID: UInt64) {
            self.address = address
            self.connectionID = connectionID
        }
    }

    let core: SocialServiceCore

    /// - Parameter core: rules, store, hub and presence behind the procedures.
    public init(core: SocialServiceCore) { self.core = core }

    /// GetFriends; on failure an empty page `{total 0, page 1}` as the reference answers.
    public func getFriends(_ request: GetFriendsPayload, caller: Caller) async -> PaginatedFriendsProfilesResponse {
        let page = PageRequest(limit: request.pagination?.limit, offset: request.pagination?.offset, policy: .friends)
        var response = PaginatedFriendsProfilesResponse()
        do {
            let result = try await core.friends(caller: caller.address, page: page)
            response.friends = result.items.map(WireMapping.friendProfile)
            response.paginationData = WireMapping.paginationData(total: result.total, page: result.page)
        } catch {
            response.paginationData = WireMapping.paginationData(total: 0, page: 1)
        }
        return response
    }

    /// GetMutualFriends; a missing or invalid user, like any failure, gives an empty page `{0, 1}`.
    public func getMutualFriends(_ request: GetMutualFriendsPayload, caller: Caller) async -> PaginatedFriendsProfilesResponse {
        let page = PageRequest(limit: request.pagination?.limit, offset: request.pagination?.offset, policy: .mutualFriends)
        var response = PaginatedFriendsProfilesResponse()
        do {
            let result = try await core.mutualFriends(caller: caller.address, other: request.user?.address ?? "", page: page)
            response.friends = result.items.map(WireMapping.friendProfile)
            response.paginationData = WireMapping.paginationData(total: result.total, page: result.page)
        } catch {
            response.paginationData = WireMapping.paginationData(total: 0, page: 1)
        }
        return response
    }

    /// GetPendingFriendshipRequests (`sent == false`) / GetSentFriendshipRequests (`sent == true`);
    /// on failure `internal_server_error{}` without pagination data.
    public func getFriendshipRequests(_ request: GetFriendshipRequestsPayload, caller: Caller, sent: Bool) async -> PaginatedFriendshipRequestsResponse {
        let page = PageRequest(limit: request.pagination?.limit, offset: request.pagination?.offset, policy: .friendshipRequests)
        do {
            let result = try await core.friendshipRequests(caller: caller.address, sent: sent, page: page)
            let entries = result.items.map { item in
                FriendshipRequestResponse(
                    friend: WireMapping.friendProfile(item.profile), createdAt: item.row.createdAt,
                    message: item.row.message ?? "", id: item.row.actionID)
            }
            return PaginatedFriendshipRequestsResponse(
                response: .requests(FriendshipRequests(requests: entries)),
                paginationData: WireMapping.paginationData(total: result.total, page: result.page))
        } catch {
            return PaginatedFriendshipRequestsResponse(response: .internalServerError(InternalServerError()))
        }
    }

    /// UpsertFriendship (spec §4.3).
    public func upsertFriendship(_ request: UpsertFriendshipPayload, caller: Caller) async -> UpsertFriendshipResponse {
        var response = UpsertFriendshipResponse()
        let action: FriendshipAction
        let user: User?
        var message: String?
        switch request.action {
        case nil:
            response.response = .invalidRequest(InvalidRequest(message: SocialRPCError.Message.unknownMessage))
            return response
        case .request(let payload): (action, user, message) = (.request, payload.user, payload.message)
        case .accept(let payload): (action, user) = (.accept, payload.user)
        case .reject(let payload): (action, user) = (.reject, payload.user)
        case .delete(let payload): (action, user) = (.delete, payload.user)
        case .cancel(let payload): (action, user) = (.cancel, payload.user)
        }
        if action != .request { message = nil }
        do {
            // A missing user reads as an empty address: `invalid_request` (the reference crashes into
            // `internal_server_error` there).
            let accepted = try await core.upsertFriendship(
                caller: caller.address, action: action, target: user?.address ?? "", message: message)
            var ok = UpsertFriendshipResponse.Accepted()
            ok.id = accepted.id
            ok.createdAt = accepted.createdAt
            ok.friend = WireMapping.friendProfile(accepted.friend)
            ok.message = accepted.message
            response.response = .accepted(ok)
        } catch {
            switch error {
            case .invalidRequest(let text): response.response = .invalidRequest(InvalidRequest(message: text))
            case .invalidFriendshipAction(let text): response.response = .invalidFriendshipAction(InvalidFriendshipAction(message: text))
            case .internalServerError(let text): response.response = .internalServerError(InternalServerError(message: text))
            }
        }
        return response
    }

    /// GetFriendshipStatus (spec §4.5).
    public func getFriendshipStatus(_ request: GetFriendshipStatusPayload, caller: Caller) -> GetFriendshipStatusResponse {
        var response = GetFriendshipStatusResponse()
        do {
            var ok = GetFriendshipStatusResponse.Ok()
            ok.status = WireMapping.status(try core.friendshipStatus(caller: caller.address, target: request.user?.address ?? ""))
            response.response = .accepted(ok)
        } catch {
            switch error {
            case .invalidRequest(let text): response.response = .invalidRequest(InvalidRequest(message: text))
            case .invalidFriendshipAction(let text), .internalServerError(let text):
                response.response = .internalServerError(InternalServerError(message: text))
            }
        }
        return response
    }

    /// BlockUser (spec §4.4).
    public func blockUser(_ request: BlockUserPayload, caller: Caller) async -> BlockUserResponse {
        do {
            let blocked = try await core.block(caller: caller.address, target: request.user?.address ?? "")
            return BlockUserResponse(response: .ok(.init(profile: WireMapping.blockedUserProfile(blocked))))
        } catch {
            switch error {
            case .invalidRequest(let text): return BlockUserResponse(response: .invalidRequest(InvalidRequest(message: text)))
            case .invalidFriendshipAction(let text), .internalServerError(let text):
                return BlockUserResponse(response: .internalServerError(InternalServerError(message: text)))
            }
        }
    }

    /// UnblockUser (spec §4.4).
    public func unblockUser(_ request: UnblockUserPayload, caller: Caller) async -> UnblockUserResponse {
        do {
            let unblocked = try await core.unblock(caller: caller.address, target: request.user?.address ?? "")
            return UnblockUserResponse(response: .ok(.init(profile: WireMapping.blockedUserProfile(unblocked))))
        } catch {
            switch error {
            case .invalidRequest(let text): return UnblockUserResponse(response: .invalidRequest(InvalidRequest(message: text)))
            case .invalidFriendshipAction(let text), .internalServerError(let text):
                return UnblockUserResponse(response: .internalServerError(InternalServerError(message: text)))
            }
        }
    }

    /// GetBlockedUsers; on failure an empty page `{0, 1}`.
    public func getBlockedUsers(_ request: GetBlockedUsersPayload, caller: Caller) async -> GetBlockedUsersResponse {
        let page = PageRequest(limit: request.pagination?.limit, offset: request.pagination?.offset, policy: .blockedUsers)
        do {
            let result = try await core.blockedUsers(caller: caller.address, page: page)
            return GetBlockedUsersResponse(
                profiles: result.items.map(WireMapping.blockedUserProfile),
                paginationData: WireMapping.paginationData(total: result.total, page: result.page))
        } catch {
            return GetBlockedUsersResponse(profiles: [], paginationData: WireMapping.paginationData(total: 0, page: 1))
        }
    }

    /// GetBlockingStatus; on failure both lists empty.
    public func getBlockingStatus(caller: Caller) -> GetBlockingStatusResponse {
        guard let status = try? core.blockingStatus(caller: caller.address) else { return GetBlockingStatusResponse() }
        return GetBlockingStatusResponse(blockedUsers: status.blocked.map(\.rawValue), blockedByUsers: status.blockedBy.map(\.rawValue))
    }
}
