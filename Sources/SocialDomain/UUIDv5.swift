import BridgeCrypto

/// Name-based UUIDs (RFC 4122 version 5), so every run and every tool derives the same ids.
public enum UUIDv5 {
    /// The RFC 4122 URL namespace, `6ba7b811-9dad-11d1-80b4-00c04fd430c8`.
    public static let urlNamespace: [UInt8] = [
        0x6B, 0xA7, 0xB8, 0x11, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8,
    ]

    /// The lowercase UUID string for `name` in `namespace`.
    public static func make(name: String, namespace: [UInt8] = urlNamespace) -> String {
        var digest = SHA1.hash(namespace + Array(name.utf8))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hex = Hex.encode(digest[0..<16])
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-"
            + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}

/// The bridge's deterministic ids (legacy-matrix §4.6).
public enum BridgeIDs {
    public static func friendship(_ pair: AddressPair) -> String {
        UUIDv5.make(name: "socialbridge:friendship:\(pair.lo.rawValue):\(pair.hi.rawValue)")
    }
    public static func action(eventID: String) -> String { UUIDv5.make(name: "socialbridge:action:\(eventID)") }
    public static func block(blocker: Address, blocked: Address) -> String {
        UUIDv5.make(name: "socialbridge:block:\(blocker.rawValue):\(blocked.rawValue)")
    }
    public static func blockAction(blocker: Address, blocked: Address) -> String {
        UUIDv5.make(name: "socialbridge:block-action:\(blocker.rawValue):\(blocked.rawValue)")
    }
}
