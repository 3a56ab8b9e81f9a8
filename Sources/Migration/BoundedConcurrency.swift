/// Runs `transform` over `items` with at most `limit` calls in flight; results keep the input order.
/// - Throws: the first error a call throws (the others are cancelled).
public func boundedMap<T: Sendable, R: Sendable>(
    _ items: [T], limit: Int, _ transform: @escaping @Sendable (T) async throws -> R
) async throws -> [R] {
    guard !items.isEmpty else { return [] }
    return try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(max(limit, 1), items.count) {
            let index = next
            group.addTask { (index, try await transform(items[index])) }
            next += 1
        }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count {
                let index = next
                group.addTask { (index, try await transform(items[index])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}
