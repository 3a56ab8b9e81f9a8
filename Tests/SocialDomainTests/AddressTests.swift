import Foundation
import Testing
import SocialDomain

@Suite struct AddressTests {
    @Test func validAddressesAreLowercased() throws {
        let mixed = "0xAbCdEf0123456789aBcDeF0123456789ABCDEF01"
        let address = try Address(validating: mixed)
        #expect(address.rawValue == mixed.lowercased())
        #expect(address.description == mixed.lowercased())
        #expect(Address(mixed) == address)
        #expect(Address(mixed.lowercased()) == address)
        #expect(try Address(validating: mixed[...]) == address)
    }

    static let a39 = String(repeating: "a", count: 39)
    static let a40 = String(repeating: "a", count: 40)
    static let invalid: [(String, Address.ParseError)] = [
        ("", .wrongLength(0)),
        ("0x", .wrongLength(2)),
        ("0x" + a39, .wrongLength(41)),
        ("0x" + a40 + "a", .wrongLength(43)),
        ("aa" + a40, .missingPrefix),
        ("0X" + a40, .missingPrefix),
        ("1x" + a40, .missingPrefix),
        ("0x" + a39 + "g", .notHex("g")),
        ("0x" + a39 + " ", .notHex(" ")),
        ("0x-" + a39, .notHex("-")),
    ]

    @Test(arguments: invalid)
    func invalidAddressesAreErrorsNotCrashes(text: String, expected: Address.ParseError) {
        #expect(throws: expected) { try Address(validating: text) }
        #expect(Address(text) == nil)
    }

    @Test func nonASCIIInputIsRejected() {
        // 42 bytes but 41 characters: the length check counts bytes, the message counts characters.
        let text = "0x" + String(repeating: "a", count: 38) + "é"
        #expect(Address(text) == nil)
        #expect(Address("0x" + String(repeating: "🙂", count: 10)) == nil)
    }

    @Test func parseErrorMessages() {
        #expect(Address.ParseError.wrongLength(3).description == "an address has 42 characters, got 3")
        #expect(Address.ParseError.missingPrefix.description == "an address starts with 0x")
        #expect(Address.ParseError.notHex("z").description == "an address holds hex digits only, got \"z\"")
    }

    @Test func orderingAndCodable() throws {
        let low = try #require(Address("0x" + String(repeating: "0", count: 40)))
        let high = try #require(Address("0x" + String(repeating: "F", count: 40)))
        #expect(low < high)
        let encoded = try JSONEncoder().encode([high])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"0x\(String(repeating: "f", count: 40))\"]")
        #expect(try JSONDecoder().decode([Address].self, from: encoded) == [high])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Address].self, from: Data(#"["0x12"]"#.utf8)) }
    }
}

@Suite struct AddressPairTests {
    let a = Address("0x" + String(repeating: "1", count: 40))!
    let b = Address("0x" + String(repeating: "2", count: 40))!
    let c = Address("0x" + String(repeating: "3", count: 40))!

    @Test func pairIsUnorderedAndSorted() throws {
        let ab = try #require(AddressPair(a, b))
        let ba = try #require(AddressPair(b, a))
        #expect(ab == ba)
        #expect(ab.lo == a && ab.hi == b)
        #expect(ab.description == "\(a.rawValue)+\(b.rawValue)")
        #expect(Set([ab, ba]).count == 1)
    }

    @Test func noPairWithOneself() {
        #expect(AddressPair(a, a) == nil)
    }

    @Test func membership() throws {
        let pair = try #require(AddressPair(b, a))
        #expect(pair.other(than: a) == b)
        #expect(pair.other(than: b) == a)
        #expect(pair.other(than: c) == nil)
        #expect(pair.contains(a) && pair.contains(b) && !pair.contains(c))
    }

    @Test func pairsSortByLowThenHigh() throws {
        let ab = try #require(AddressPair(a, b)), ac = try #require(AddressPair(c, a)), bc = try #require(AddressPair(b, c))
        #expect([bc, ac, ab].sorted() == [ab, ac, bc])
    }
}
