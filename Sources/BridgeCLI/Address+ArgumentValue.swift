import SocialDomain

extension Address: ArgumentValue {
    /// Accepts `0x` plus 40 hex digits in any case.
    public init?(argument: String) { self.init(argument) }
    public static var expectation: String { "an address (0x followed by 40 hex digits)" }
}
