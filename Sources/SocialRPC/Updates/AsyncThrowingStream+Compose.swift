/// Holds an iterator for a pull-based stream; only the stream's single consumer touches it.
final class IteratorBox<Base>: @unchecked Sendable {
    var iterator: Base
    init(_ iterator: Base) { self.iterator = iterator }
}

extension AsyncThrowingStream where Failure == any Error {
    /// The elements `head` produces (called once, on the first pull), then this stream's. For a snapshot
    /// whose details are slow to fetch: the work happens when the consumer first asks, not when the
    /// stream is made.
    func prepending(_ head: @escaping @Sendable () async -> [Element]) -> AsyncThrowingStream<Element, any Error> {
        let pending = IteratorBox<IndexingIterator<[Element]>?>(nil)
        let tail = IteratorBox(makeAsyncIterator())
        return AsyncThrowingStream { () async throws -> Element? in
            if pending.iterator == nil { pending.iterator = await head().makeIterator() }
            if let next = pending.iterator?.next() { return next }
            return try await tail.iterator.next()
        }
    }

    /// This stream's elements transformed one by one as the consumer pulls them.
    func mapElements<Mapped: Sendable>(_ transform: @escaping @Sendable (Element) -> Mapped) -> AsyncThrowingStream<Mapped, any Error> {
        let box = IteratorBox(makeAsyncIterator())
        return AsyncThrowingStream<Mapped, any Error> { () async throws -> Mapped? in
            try await box.iterator.next().map(transform)
        }
    }
}
