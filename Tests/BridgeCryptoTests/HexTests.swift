import Testing
import BridgeCrypto

@Suite struct HexTests {
    @Test func encodeIsLowercase() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodeAcceptsPrefixAndBothCases() {
        #expect(Hex.decode("000FabfF") == [0x00, 0x0f, 0xab, 0xff])
        #expect(Hex.decode("0xdead") == [0xde, 0xad])
        #expect(Hex.decode("0XBEEF") == [0xbe, 0xef])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("0x") == [])
    }

    @Test(arguments: ["abc", "0xabc", "zz", "0x0g", "ab cd", "é0"])
    func decodeRejectsMalformedInput(text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test func roundTrip() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
    }
}
