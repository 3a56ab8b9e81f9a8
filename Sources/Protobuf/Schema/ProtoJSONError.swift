/// A JSON payload that does not fit its message schema, or wire bytes that do not decode: where (a JSON
/// path such as `$.request.user.address`) and what is wrong.
public struct ProtoJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// JSON path of the problem.
    public var path: String
    /// What is wrong there.
    public var problem: String

    /// An error at `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
