import RPCTransport
import SocialDomain
import SocialProtocol

extension SocialServiceHandlers {
    /// The `SocialService` module: the 13 seed procedures, then the 20 others that answer they are not
    /// offered, in the proto's declaration order (procedure ids 1...33, spec §2.2).
    public func makeService() -> RPCService {
        var service = RPCService(name: SocialServiceProcedures.moduleName)
        service.unary("GetFriends") { (request: GetFriendsPayload, context) in
            await getFriends(request, caller: try Self.caller(context))
        }
        service.unary("GetMutualFriends") { (request: GetMutualFriendsPayload, context) in
            await getMutualFriends(request, caller: try Self.caller(context))
        }
        service.unary("GetPendingFriendshipRequests") { (request: GetFriendshipRequestsPayload, context) in
            await getFriendshipRequests(request, caller: try Self.caller(context), sent: false)
        }
        service.unary("GetSentFriendshipRequests") { (request: GetFriendshipRequestsPayload, context) in
            await getFriendshipRequests(request, caller: try Self.caller(context), sent: true)
        }
        service.unary("UpsertFriendship") { (request: UpsertFriendshipPayload, context) in
            await upsertFriendship(request, caller: try Self.caller(context))
        }
        service.serverStream("SubscribeToFriendshipUpdates") { (_: EmptyMessage, context) in
            subscribeToFriendshipUpdates(caller: try Self.caller(context))
        }
        service.unary("GetFriendshipStatus") { (request: GetFriendshipStatusPayload, context) in
            getFriendshipStatus(request, caller: try Self.caller(context))
        }
        service.serverStream("SubscribeToFriendConnectivityUpdates") { (_: EmptyMessage, context) in
            subscribeToFriendConnectivityUpdates(caller: try Self.caller(context))
        }
        service.unary("BlockUser") { (request: BlockUserPayload, context) in
            await blockUser(request, caller: try Self.caller(context))
        }
        service.unary("UnblockUser") { (request: UnblockUserPayload, context) in
            await unblockUser(request, caller: try Self.caller(context))
        }
        service.unary("GetBlockedUsers") { (request: GetBlockedUsersPayload, context) in
            await getBlockedUsers(request, caller: try Self.caller(context))
        }
        service.unary("GetBlockingStatus") { (_: EmptyMessage, context) in
            getBlockingStatus(caller: try Self.caller(context))
        }
        service.serverStream("SubscribeToBlockUpdates") { (_: EmptyMessage, context) in
            subscribeToBlockUpdates(caller: try Self.caller(context))
        }
        for procedure in NotOfferedProcedures.all {
            let message = NotOfferedProcedures.message(for: procedure.name)
            switch procedure.answer {
            case .internalServerError(let field):
                service.unary(procedure.name) { (_: IgnoredPayload, _) in
                    NotOfferedAnswer(field: field, message: message, messageField: 1)
                }
            case .streamClosed(let field):
                service.serverStream(procedure.name) { (_: IgnoredPayload, _) in
                    Self.single(NotOfferedAnswer(field: field, message: message, messageField: 2))
                }
            }
        }
        return service
    }

    /// The caller of an authenticated connection; the authenticators only hand out lowercase addresses,
    /// so anything else is a wiring error reported to the client as a RemoteError.
    static func caller(_ context: RPCContext) throws(RPCRemoteError) -> Caller {
        guard let address = Address(context.identity) else {
            throw RPCRemoteError("The connection's identity is not an address")
        }
        return Caller(address: address, connectionID: context.connectionID)
    }
}
