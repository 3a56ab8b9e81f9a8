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
    /// The subscription is registered, then the snapshot (who of the caller's friends is connected, and
    /// how) is taken at once, both before this returns, hence before the stream's offer is sent. A change
    /// racing with the snapshot arrives after it, so the last word is always the live one. Profiles of
    /// the snapshot are resolved lazily, on the first pull, so a slow profile service never delays the offer.
    /// - Throws: `.duplicate` when this connection already has one.
    public func connectivityUpdates(caller: Address, connectionID: UInt64) throws(SubscriptionHub<ConnectivityEvent>.SubscribeError) -> AsyncThrowingStream<ConnectivityEvent, any Error> {
        let live = try hub.connectivity.subscribe(recipient: caller, connectionID: connectionID)
        var connected: [(Address, Connectivity)] = []
        if let presence {
            do {
                let statuses = presence.connectedStatuses(among: try repository.allFriends(of: caller))
                connected = statuses.keys.sorted().map { ($0, statuses[$0] ?? .online) }
            } catch {
                // The live part still works; the client just misses who was already online.
                log("connectivity snapshot for \(caller) failed: \(error)")
            }
        }
        guard !connected.isEmpty else { return live }
        let profiles = self.profiles, snapshot = connected
        return live.prepending {
            let found = await profiles.completeProfiles(for: snapshot.map(\.0))
            return snapshot.map { address, status in ConnectivityEvent(friend: found[address] ?? .fallback(address), status: status) }
        }
    }
}
