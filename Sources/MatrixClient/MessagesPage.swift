/// One page of `/messages` (admin or client-server).
public struct MessagesPage: Sendable, Decodable, Equatable {
    /// Events of the page, newest first when paging backwards.
    public var chunk: [MatrixEvent]
    /// Token of the page's start.
    public var start: String?
    /// Token to continue from; nil when there is nothing more.
    public var end: String?

    /// Creates a page (for tests and fakes).
    public init(chunk: [MatrixEvent], start: String?, end: String?) {
        self.chunk = chunk
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey { case chunk, start, end }

    /// Decodes a page; a missing `chunk` is an empty page.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chunk = try container.decodeIfPresent([MatrixEvent].self, forKey: .chunk) ?? []
        start = try container.decodeIfPresent(String.self, forKey: .start)
        end = try container.decodeIfPresent(String.self, forKey: .end)
    }
}

/// Direction of `/messages` paging.
public enum PagingDirection: String, Sendable {
    /// Newest to oldest.
    case backward = "b"
    /// Oldest to newest.
    case forward = "f"
}

/// A room's history of selected event types, read back to the room's creation if possible.
public struct RoomHistory: Sendable, Equatable {
    /// The events in timeline order (oldest first).
    public var events: [MatrixEvent]
    /// Whether the room's `m.room.create` event came back, i.e. nothing older is missing.
    public var isComplete: Bool
    /// Pages requested.
    public var pages: Int

    /// Creates a history (for tests and fakes).
    public init(events: [MatrixEvent], isComplete: Bool, pages: Int) {
        self.events = events
        self.isComplete = isComplete
        self.pages = pages
    }

    /// The state events of `type` with state key `stateKey`, in timeline order.
    public func stateEvents(ofType type: String, stateKey: String = "") -> [MatrixEvent] {
        events.filter { $0.type == type && $0.stateKey == stateKey }
    }
}
