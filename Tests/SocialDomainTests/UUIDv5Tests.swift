import Testing
import SocialDomain

/// Vectors computed with Python's `uuid.uuid5(uuid.NAMESPACE_URL, name)`.
@Suite struct UUIDv5Tests {
    static let lo = Address("0x" + String(repeating: "1", count: 40))!
    static let hi = Address("0x" + String(repeating: "a", count: 40))!

    @Test(arguments: [
        ("https://www.example.com/", "3d3ed9d2-aa3d-5fa6-90e8-ed662e90f559"),
        ("", "1b4db7eb-4057-5ddf-91e0-36dec72071f5"),
        ("socialbridge:action:$abc:example.org", "be0d5a70-cad2-5f44-8a6b-2c49ae4d4b3d"),
    ])
    func urlNamespaceVectors(name: String, expected: String) {
        #expect(UUIDv5.make(name: name) == expected)
    }

    @Test func otherNamespace() {
        // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        let dns: [UInt8] = [0x6B, 0xA7, 0xB8, 0x10, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8]
        #expect(UUIDv5.make(name: "python.org", namespace: dns) == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    @Test func bridgeIDs() throws {
        let pair = try #require(AddressPair(Self.hi, Self.lo))
        #expect(BridgeIDs.friendship(pair) == "d4c34800-a3e9-5c24-8fdc-95323fd7ab68")
        #expect(BridgeIDs.action(eventID: "$abc:example.org") == "be0d5a70-cad2-5f44-8a6b-2c49ae4d4b3d")
        #expect(BridgeIDs.block(blocker: Self.hi, blocked: Self.lo) == "6036e94d-a612-508a-851d-bc583390d7e2")
        #expect(BridgeIDs.blockAction(blocker: Self.hi, blocked: Self.lo) == "9a7c905b-5493-5932-9227-780ef6b1e11e")
    }

    @Test func shapeIsVersion5Variant1() {
        let id = UUIDv5.make(name: "anything")
        let chars = Array(id)
        #expect(chars.count == 36)
        #expect(chars[8] == "-" && chars[13] == "-" && chars[18] == "-" && chars[23] == "-")
        #expect(chars[14] == "5")
        #expect("89ab".contains(chars[19]))
        #expect(id == id.lowercased())
    }
}
