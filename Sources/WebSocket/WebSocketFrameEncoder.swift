/// Serializes frames (RFC 6455 §5.2). Server frames are never masked; the mask key exists for test clients.
enum WebSocketFrameEncoder {
    /// One frame with `payload`; `maskKey` only for client-side use (tests, benchmark clients).
    static func encode(
        _ opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, fin: Bool = true, maskKey: [UInt8]? = nil
    ) -> [UInt8] {
        let count = payload.count
        var frame: [UInt8] = []
        frame.reserveCapacity(count + 14)
        frame.append((fin ? 0x80 : 0) | opcode.rawValue)
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        if count < 126 {
            frame.append(maskBit | UInt8(count))
        } else if count <= 0xFFFF {
            frame.append(maskBit | 126)
            frame.append(UInt8(truncatingIfNeeded: count >> 8))
            frame.append(UInt8(truncatingIfNeeded: count))
        } else {
            frame.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: UInt64(count) >> UInt64(shift))) }
        }
        if let maskKey, maskKey.count == 4 {
            frame.append(contentsOf: maskKey)
            for (index, byte) in payload.enumerated() { frame.append(byte ^ maskKey[index & 3]) }
        } else {
            frame.append(contentsOf: payload)
        }
        return frame
    }

    /// One frame with `payload` bytes.
    static func encode(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, maskKey: [UInt8]? = nil) -> [UInt8] {
        payload.withUnsafeBytes { encode(opcode, payload: $0, fin: fin, maskKey: maskKey) }
    }

    /// The single frame that carries `message`.
    static func encode(_ message: WebSocketMessage, maskKey: [UInt8]? = nil) -> [UInt8] {
        switch message {
        case .binary(let bytes):
            return encode(.binary, bytes, maskKey: maskKey)
        case .text(let text):
            var text = text
            return text.withUTF8 { encode(.text, payload: UnsafeRawBufferPointer($0), maskKey: maskKey) }
        }
    }

    /// The payload of a close frame: the code in network order then the reason, cut to fit 125 bytes
    /// on a UTF-8 boundary. Codes that may not be sent (1005, 1006) give an empty payload.
    static func closePayload(code: UInt16, reason: String) -> [UInt8] {
        guard WebSocketCloseCode.isValidOnWire(code) else { return [] }
        var payload: [UInt8] = [UInt8(code >> 8), UInt8(code & 0xFF)]
        var reasonBytes = Array(reason.utf8.prefix(123))
        // Drop a multi-byte sequence the cut split in half.
        while !reasonBytes.isEmpty && !UTF8Validator.isValid(reasonBytes) { reasonBytes.removeLast() }
        payload.append(contentsOf: reasonBytes)
        return payload
    }
}
