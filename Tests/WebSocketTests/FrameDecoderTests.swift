import Testing
@testable import WebSocket

/// Byte-level decoder tests through the in-memory path (no sockets).
@Suite struct FrameDecoderTests {
    let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    func masked(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
        WebSocketFrameEncoder.encode(opcode, payload, fin: fin, maskKey: key)
    }

    @Test func rfcMaskedHelloExample() throws {
        // RFC 6455 §5.7: a single-frame masked text message "Hello".
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20)
        let events = try decoder.decode([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(events == [.message(.text("Hello"))])
        #expect(decoder.isIdle)
    }

    @Test func rfcFragmentedUnmaskedExampleWhenMaskNotRequired() throws {
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20, requireMask: false)
        let events = try decoder.decode([0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F])
        #expect(events == [.message(.text("Hello"))])
    }

    @Test func everySplitPointGivesTheSameEvents() throws {
        let stream = masked(.text, Array("héllo wörld".utf8), fin: false) + masked(.ping, [1, 2]) +
            masked(.continuation, Array(" ✓".utf8)) + masked(.binary, [UInt8](repeating: 9, count: 300)) + masked(.close, [0x03, 0xE8])
        let expected: [WebSocketFrameDecoder.Event] = [
            .ping([1, 2]), .message(.text("héllo wörld ✓")), .message(.binary([UInt8](repeating: 9, count: 300))),
            .close(code: 1000, reason: ""),
        ]
        for split in 0...stream.count {
            var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20)
            let events = try decoder.decode(Array(stream[..<split])) + decoder.decode(Array(stream[split...]))
            #expect(events == expected, "split at \(split)")
        }
        // And byte by byte.
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20)
        var events: [WebSocketFrameDecoder.Event] = []
        for byte in stream { events += try decoder.decode([byte]) }
        #expect(events == expected)
    }

    @Test func sixteenAndSixtyFourBitLengths() throws {
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20)
        let medium = [UInt8](repeating: 1, count: 126)
        let large = [UInt8](repeating: 2, count: 70_000)
        let mediumFrame = masked(.binary, medium)
        let largeFrame = masked(.binary, large)
        #expect(mediumFrame[1] == 0x80 | 126)
        #expect(largeFrame[1] == 0x80 | 127)
        #expect(try decoder.decode(mediumFrame + largeFrame) == [.message(.binary(medium)), .message(.binary(large))])
    }

    @Test func emptyMessagesAndControlPayloads() throws {
        var decoder = WebSocketFrameDecoder(maxMessageSize: 16)
        let events = try decoder.decode(masked(.text, []) + masked(.binary, []) + masked(.pong, [5]) + masked(.close, []))
        #expect(events == [.message(.text("")), .message(.binary([])), .pong([5]), .close(code: 1005, reason: "")])
    }

    @Test func closeWithReason() throws {
        var decoder = WebSocketFrameDecoder(maxMessageSize: 16)
        #expect(try decoder.decode(masked(.close, [0x0F, 0xA0] + Array("bye ✓".utf8))) == [.close(code: 4000, reason: "bye ✓")])
    }

    @Test func stopsAfterCloseWhenAsked() throws {
        var decoder = WebSocketFrameDecoder(maxMessageSize: 16)
        var seen: [WebSocketFrameDecoder.Event] = []
        let bytes = masked(.close, [0x03, 0xE8]) + masked(.text, Array("late".utf8))
        let failure: WebSocketProtocolError? = bytes.withUnsafeBytes { buffer in
            do throws(WebSocketProtocolError) {
                try decoder.decode(buffer) { seen.append($0); return false }
                return nil
            } catch {
                return error
            }
        }
        #expect(failure == nil)
        #expect(seen == [.close(code: 1000, reason: "")])
    }

    static let violations: [(String, [UInt8], WebSocketProtocolError)] = {
        let key: [UInt8] = [1, 2, 3, 4]
        func frame(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
            WebSocketFrameEncoder.encode(opcode, payload, fin: fin, maskKey: key)
        }
        return [
            ("unmasked", WebSocketFrameEncoder.encode(.text, Array("a".utf8)), .unmaskedFrame),
            ("rsv1", [0xC1, 0x80, 1, 2, 3, 4], .reservedBitsSet),
            ("rsv3", [0x91, 0x80, 1, 2, 3, 4], .reservedBitsSet),
            ("opcode 3", [0x83, 0x80, 1, 2, 3, 4], .unknownOpcode(3)),
            ("opcode 11", [0x8B, 0x80, 1, 2, 3, 4], .unknownOpcode(11)),
            ("ping 126", frame(.ping, [UInt8](repeating: 0, count: 126)), .controlFrameTooLong),
            ("fragmented ping", frame(.ping, [], fin: false), .fragmentedControlFrame),
            ("fragmented close", frame(.close, [], fin: false), .fragmentedControlFrame),
            ("lone continuation", frame(.continuation, [1]), .unexpectedContinuation),
            ("text inside fragments", frame(.text, [0x61], fin: false) + frame(.text, [0x62]), .expectedContinuation),
            ("64-bit msb", [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1], .invalidLength),
            ("too large at header", [0x82, 0xFE, 0x04, 0x01], .messageTooLarge(limit: 1024)),
            ("too large across fragments", frame(.binary, [UInt8](repeating: 0, count: 1000), fin: false) + frame(.continuation, [UInt8](repeating: 0, count: 25)), .messageTooLarge(limit: 1024)),
            ("bad utf8", frame(.text, [0xFF]), .invalidUTF8),
            ("overlong utf8", frame(.text, [0xC0, 0xAF]), .invalidUTF8),
            ("surrogate utf8", frame(.text, [0xED, 0xA0, 0x80]), .invalidUTF8),
            ("truncated utf8 at end", frame(.text, [0xE2, 0x82]), .invalidUTF8),
            ("bad utf8 in a later fragment", frame(.text, [0xCE], fin: false) + frame(.continuation, [0x41]), .invalidUTF8),
            ("close one byte", frame(.close, [3]), .invalidClosePayload),
            ("close code 999", frame(.close, [0x03, 0xE7]), .invalidCloseCode(999)),
            ("close code 1004", frame(.close, [0x03, 0xEC]), .invalidCloseCode(1004)),
            ("close code 1005", frame(.close, [0x03, 0xED]), .invalidCloseCode(1005)),
            ("close code 1006", frame(.close, [0x03, 0xEE]), .invalidCloseCode(1006)),
            ("close code 1015", frame(.close, [0x03, 0xF7]), .invalidCloseCode(1015)),
            ("close code 2999", frame(.close, [0x0B, 0xB7]), .invalidCloseCode(2999)),
            ("close code 5000", frame(.close, [0x13, 0x88]), .invalidCloseCode(5000)),
            ("close reason bad utf8", frame(.close, [0x03, 0xE8, 0xFF]), .invalidCloseReason),
        ]
    }()

    @Test(arguments: violations)
    func violationsAreTypedErrors(name: String, bytes: [UInt8], expected: WebSocketProtocolError) {
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1024)
        #expect(throws: expected, "\(name)") { _ = try decoder.decode(bytes) }
        // The decoder stays failed.
        #expect(throws: expected) { _ = try decoder.decode([]) }
    }

    @Test func closeCodeMapping() {
        #expect(WebSocketProtocolError.unmaskedFrame.closeCode == 1002)
        #expect(WebSocketProtocolError.invalidUTF8.closeCode == 1007)
        #expect(WebSocketProtocolError.invalidCloseReason.closeCode == 1007)
        #expect(WebSocketProtocolError.messageTooLarge(limit: 1).closeCode == 1009)
        #expect(WebSocketProtocolError.invalidCloseCode(5).closeCode == 1002)
        for code: UInt16 in [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999] {
            #expect(WebSocketCloseCode.isValidOnWire(code), "\(code)")
        }
        for code: UInt16 in [0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535] {
            #expect(!WebSocketCloseCode.isValidOnWire(code), "\(code)")
        }
    }

    @Test func announcedOversizeFrameIsRefusedBeforeItsPayload() {
        // Only the 10 header bytes of a 1 MiB + 1 frame (mask key not even sent): refused at once.
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20)
        #expect(throws: WebSocketProtocolError.messageTooLarge(limit: 1 << 20)) {
            _ = try decoder.decode([0x82, 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 1])
        }
    }
}

@Suite struct FrameEncoderTests {
    @Test func serverFramesAreUnmasked() {
        #expect(WebSocketFrameEncoder.encode(.text("Hello")) == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(WebSocketFrameEncoder.encode(.pong, [1]) == [0x8A, 0x01, 0x01])
        let medium = WebSocketFrameEncoder.encode(.binary([UInt8](repeating: 0, count: 256)))
        #expect(Array(medium[0..<4]) == [0x82, 0x7E, 0x01, 0x00] && medium.count == 260)
        let large = WebSocketFrameEncoder.encode(.binary([UInt8](repeating: 0, count: 65536)))
        #expect(Array(large[0..<10]) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] && large.count == 65546)
    }

    @Test func closePayloads() {
        #expect(WebSocketFrameEncoder.closePayload(code: 1000, reason: "") == [0x03, 0xE8])
        #expect(WebSocketFrameEncoder.closePayload(code: 1005, reason: "x") == [])
        // Reason cut to 123 bytes on a character boundary: 61 × "é" (2 bytes) = 122 bytes fit, the 62nd does not.
        let cut = WebSocketFrameEncoder.closePayload(code: 1000, reason: String(repeating: "é", count: 100))
        #expect(cut.count == 124)
        #expect(UTF8Validator.isValid(Array(cut[2...])))
    }

    @Test func roundTripThroughDecoder() throws {
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20)
        for message: WebSocketMessage in [.text("ünïcode ✓"), .binary([0, 255, 7]), .text("")] {
            #expect(try decoder.decode(WebSocketFrameEncoder.encode(message, maskKey: [9, 8, 7, 6])) == [.message(message)])
        }
    }
}
