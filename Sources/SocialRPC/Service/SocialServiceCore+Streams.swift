import SocialDomain

extension SocialServiceCore {
    /// SubscribeToFriendshipUpdates: actions others took towards the caller.
    /// - Throws: `.duplicate` when this connection already has one.
    public func friendshipUpdates(caller: Address, connectionID: UInt64) throws(SubscriptionHub<FriendshipEvent>.SubscribeError) -> AsyncThrowingStream<FriendshipEvent, any Error> {
        let stream = try hub.friendships.subscribe(recipient: caller, connectionID: connectionID)
        // Events are addressed to `to`; the `from != me` rule of the reference holds by construction.
        return stream
    }

    /// SubscribeToBlockUpdates: blocks and unblocks of the caller.
    /// - Throws: `.duplicate` when this connection already has one.
    public func blockUpdates(caller: Address, connectionID: UInt64) throws(SubscriptionHub<BlockEvent>.SubscribeError) -> AsyncThrowingStream<BlockEvent, any Error> {
        try hub.blocks.subscribe(recipient: caller, connectionID: connectionID)
    }

    /// SubscribeToFriendConnectivityUpdates: a snapshot of connected friends, then live changes.
    ///
    /// The subscription is registered before the snapshot is read, so a change racing with the snapshot
    /// arrives after it and the last word is always the live one.
    /// - Throws: `.duplicate` when this connection already has one.
    public func connectivityUpdates(caller: Address, connectionID: UInt64) async throws(SubscriptionHub<ConnectivityEvent>.SubscribeError) -> AsyncThrowingStream<ConnectivityEvent, any Error> {
        let live = try hub.connectivity.subscribe(recipient: caller, connectionID: connectionID)
        var snapshot: [ConnectivityEvent] = []
        if let presence {
            do {
                let friends = try repository.allFriends(of: caller)
                let connected = presence.connectedStatuses(among: friends)
                let found = await profiles.completeProfiles(for: Array(connected.keys))
                snapshot = connected.keys.sorted().map { address in
                    ConnectivityEvent(friend: found[address] ?? .fallback(address), status: connected[address] ?? .online)
                }
            } catch {
                // The live part still works; the client just misses who was already online.
                log("connectivity snapshot for \(caller) failed: \(error)")
            }
        }
        return live.prepending(snapshot)
    }
}
