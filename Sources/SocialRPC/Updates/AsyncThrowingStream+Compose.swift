/// Holds an iterator for a pull-based stream; only the stream's single consumer touches it.
final class IteratorBox<Base>: @unchecked Sendable {
    var iterator: Base
    init(_ iterator: Base) { self.iterator = iterator }
}

extension AsyncThrowingStream where Failure == any Error {
    /// `elements` first, then this stream's. Pull-based, so no extra buffer; dropping or cancelling the
    /// result drops this stream's iterator, which ends its subscription.
    func prepending(_ elements: [Element]) -> AsyncThrowingStream<Element, any Error> {
        guard !elements.isEmpty else { return self }
        let head = IteratorBox(elements.makeIterator())
        let tail = IteratorBox(makeAsyncIterator())
        return AsyncThrowingStream { () async throws -> Element? in
            if let next = head.iterator.next() { return next }
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
