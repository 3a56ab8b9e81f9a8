import SocialProtocol

/// The three `Subscribe*` streams. Each is called when the REQUEST arrives and registers its hub
/// subscription before returning, which the transport does before it sends the offer: everything
/// committed after the offer was sent reaches the subscriber, in commit order (buffered until the
/// client's first ACK, up to the hub's per-subscription cap).
extension SocialServiceHandlers {
    /// SubscribeToFriendshipUpdates: actions others take towards the caller. A second subscription on the
    /// same connection gets one `stream_closed{DUPLICATE_SUBSCRIPTION}` element, then the stream ends.
    public func subscribeToFriendshipUpdates(caller: Caller) -> AsyncThrowingStream<FriendshipUpdate, any Error> {
        do {
            return try core.friendshipUpdates(caller: caller.address, connectionID: caller.connectionID)
                .mapElements(WireMapping.friendshipUpdate)
        } catch {
            return Self.single(FriendshipUpdate(update: nil, streamClosed: WireMapping.duplicateClosed(event: "friendship updates")))
        }
    }

    /// SubscribeToFriendConnectivityUpdates: connected friends first, then presence changes.
    public func subscribeToFriendConnectivityUpdates(caller: Caller) -> AsyncThrowingStream<FriendConnectivityUpdate, any Error> {
        do {
            return try core.connectivityUpdates(caller: caller.address, connectionID: caller.connectionID)
                .mapElements(WireMapping.connectivityUpdate)
        } catch {
            var closed = FriendConnectivityUpdate()
            closed.streamClosed = WireMapping.duplicateClosed(event: "friend connectivity updates")
            return Self.single(closed)
        }
    }

    /// SubscribeToBlockUpdates: blocks and unblocks of the caller by others.
    public func subscribeToBlockUpdates(caller: Caller) -> AsyncThrowingStream<BlockUpdate, any Error> {
        do {
            return try core.blockUpdates(caller: caller.address, connectionID: caller.connectionID)
                .mapElements(WireMapping.blockUpdate)
        } catch {
            var closed = BlockUpdate()
            closed.streamClosed = WireMapping.duplicateClosed(event: "block updates")
            return Self.single(closed)
        }
    }

    static func single<Element: Sendable>(_ element: Element) -> AsyncThrowingStream<Element, any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(element)
            continuation.finish()
        }
    }
}
