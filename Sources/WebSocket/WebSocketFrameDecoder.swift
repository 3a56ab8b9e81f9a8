/// Streaming decoder for client frames (RFC 6455 §5): parses headers, unmasks payloads, reassembles
/// fragmented messages and validates them, keeping between reads only the bytes a partial frame needs
/// (an incomplete header, or the message assembled so far).
struct WebSocketFrameDecoder: Sendable {
    /// What a decoded frame means to the connection.
    enum Event: Sendable, Equatable {
        case message(WebSocketMessage)
        case ping([UInt8])
        case pong([UInt8])
        /// A close frame; `code` is 1005 when the frame carried none.
        case close(code: UInt16, reason: String)
    }

    let maxMessageSize: Int
    let requireMask: Bool

    private var partialHeader: [UInt8] = []
    private var inFrame = false
    private var opcode: WebSocketOpcode = .continuation
    private var fin = false
    /// The four mask bytes, first byte in the low 8 bits.
    private var maskKey: UInt32?
    private var remaining = 0
    private var maskOffset = 0
    private var messageOpcode: WebSocketOpcode?
    private var message: [UInt8] = []
    private var control: [UInt8] = []
    private var validator = UTF8Validator()
    private var failure: WebSocketProtocolError?

    /// - Parameters:
    ///   - maxMessageSize: largest reassembled data message accepted (bigger → 1009).
    ///   - requireMask: true on the server side, where clients must mask (RFC 6455 §5.1).
    init(maxMessageSize: Int, requireMask: Bool = true) {
        self.maxMessageSize = max(0, maxMessageSize)
        self.requireMask = requireMask
    }

    /// True while a partial frame or a fragmented message holds bytes.
    var isIdle: Bool { !inFrame && partialHeader.isEmpty && messageOpcode == nil }

    /// Decodes `input`, calling `emit` for every complete event; `emit` returns false to stop decoding
    /// (the rest of the input is then ignored).
    /// - Throws: the first protocol violation; the decoder stays failed afterwards.
    mutating func decode(_ input: UnsafeRawBufferPointer, _ emit: (Event) -> Bool) throws(WebSocketProtocolError) {
        if let failure { throw failure }
        do {
            try run(input, emit)
        } catch {
            failure = error
            partialHeader = []
            message = []
            control = []
            throw error
        }
    }

    /// Convenience for tests: decodes `bytes` and returns the events.
    mutating func decode(_ bytes: [UInt8]) throws(WebSocketProtocolError) -> [Event] {
        var events: [Event] = []
        let result: Result<Void, WebSocketProtocolError> = bytes.withUnsafeBytes { buffer in
            do throws(WebSocketProtocolError) {
                try decode(buffer) { events.append($0); return true }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
        return events
    }

    private mutating func run(_ input: UnsafeRawBufferPointer, _ emit: (Event) -> Bool) throws(WebSocketProtocolError) {
        var index = 0
        while true {
            if inFrame {
                let take = min(remaining, input.count - index)
                if take > 0 {
                    try appendPayload(UnsafeRawBufferPointer(rebasing: input[index..<index + take]))
                    index += take
                    remaining -= take
                }
                if remaining > 0 { return }
                inFrame = false
                guard try finishFrame(emit) else { return }
            } else {
                if index == input.count { return }
                if partialHeader.isEmpty {
                    if let used = try parseHeader(UnsafeRawBufferPointer(rebasing: input[index...])) {
                        index += used
                        continue
                    }
                }
                // The header is split across reads: keep only its bytes (at most 14).
                let before = partialHeader.count
                let take = min(14 - before, input.count - index)
                partialHeader.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<index + take]))
                let header = partialHeader
                let parsed: Result<Int?, WebSocketProtocolError> = header.withUnsafeBytes { buffer in
                    do throws(WebSocketProtocolError) { return .success(try parseHeader(buffer)) } catch { return .failure(error) }
                }
                if let used = try parsed.get() {
                    index += used - before
                    partialHeader = []
                } else {
                    index += take
                }
            }
        }
    }

    /// Parses a frame header at the start of `bytes`; nil when more bytes are needed.
    private mutating func parseHeader(_ bytes: UnsafeRawBufferPointer) throws(WebSocketProtocolError) -> Int? {
        guard bytes.count >= 2 else { return nil }
        let first = bytes[0], second = bytes[1]
        if first & 0x70 != 0 { throw .reservedBitsSet }
        guard let frameOpcode = WebSocketOpcode(rawValue: first & 0x0F) else { throw .unknownOpcode(first & 0x0F) }
        let masked = second & 0x80 != 0
        if requireMask && !masked { throw .unmaskedFrame }
        let shortLength = second & 0x7F
        let lengthBytes = shortLength == 126 ? 2 : (shortLength == 127 ? 8 : 0)
        // Judge the length as soon as its bytes are in, before the mask key arrives.
        guard bytes.count >= 2 + lengthBytes else { return nil }
        var length = UInt64(shortLength)
        if lengthBytes > 0 {
            length = 0
            for offset in 2..<(2 + lengthBytes) { length = length << 8 | UInt64(bytes[offset]) }
            if length & (1 << 63) != 0 { throw .invalidLength }
        }
        let isFinal = first & 0x80 != 0
        if frameOpcode.isControl {
            if !isFinal { throw .fragmentedControlFrame }
            if length > 125 { throw .controlFrameTooLong }
        } else {
            if frameOpcode == .continuation {
                if messageOpcode == nil { throw .unexpectedContinuation }
            } else if messageOpcode != nil {
                throw .expectedContinuation
            }
            // Refuse as soon as the header announces too much, before buffering any of it.
            if length > UInt64(maxMessageSize - message.count) { throw .messageTooLarge(limit: maxMessageSize) }
        }
        let needed = 2 + lengthBytes + (masked ? 4 : 0)
        guard bytes.count >= needed else { return nil }
        if !frameOpcode.isControl && frameOpcode != .continuation {
            messageOpcode = frameOpcode
            validator = UTF8Validator()
        }
        if masked {
            let at = 2 + lengthBytes
            maskKey = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        } else {
            maskKey = nil
        }
        opcode = frameOpcode
        fin = isFinal
        remaining = Int(length)
        maskOffset = 0
        inFrame = true
        return needed
    }

    private mutating func appendPayload(_ chunk: UnsafeRawBufferPointer) throws(WebSocketProtocolError) {
        let start: Int
        if opcode.isControl {
            start = control.count
            control.append(contentsOf: chunk)
            maskOffset = Self.unmask(&control, from: start, key: maskKey, offset: maskOffset)
        } else {
            start = message.count
            message.append(contentsOf: chunk)
            maskOffset = Self.unmask(&message, from: start, key: maskKey, offset: maskOffset)
            if messageOpcode == .text {
                let valid = message.withUnsafeBytes { validator.feed(UnsafeRawBufferPointer(rebasing: $0[start...])) }
                if !valid { throw .invalidUTF8 }
            }
        }
    }

    /// XORs `bytes[start...]` with the mask key; returns the key offset to continue with.
    private static func unmask(_ bytes: inout [UInt8], from start: Int, key: UInt32?, offset: Int) -> Int {
        guard let key else { return offset }
        var offset = offset
        bytes.withUnsafeMutableBufferPointer { buffer in
            for index in start..<buffer.count {
                buffer[index] ^= UInt8(truncatingIfNeeded: key >> UInt32((offset & 3) * 8))
                offset &+= 1
            }
        }
        return offset & 3
    }

    /// Turns the completed frame into an event; returns what `emit` returned (true when none was due).
    private mutating func finishFrame(_ emit: (Event) -> Bool) throws(WebSocketProtocolError) -> Bool {
        switch opcode {
        case .ping:
            defer { control = [] }
            return emit(.ping(control))
        case .pong:
            defer { control = [] }
            return emit(.pong(control))
        case .close:
            let payload = control
            control = []
            return emit(try Self.parseClose(payload))
        case .text, .binary, .continuation:
            guard fin, let kind = messageOpcode else { return true }
            let bytes = message
            message = []
            messageOpcode = nil
            if kind == .text {
                guard validator.isComplete else { throw .invalidUTF8 }
                return emit(.message(.text(String(decoding: bytes, as: UTF8.self))))
            }
            return emit(.message(.binary(bytes)))
        }
    }

    /// Validates a close payload (RFC 6455 §5.5.1, §7.4).
    static func parseClose(_ payload: [UInt8]) throws(WebSocketProtocolError) -> Event {
        if payload.isEmpty { return .close(code: WebSocketCloseCode.noStatus, reason: "") }
        guard payload.count >= 2 else { throw .invalidClosePayload }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard WebSocketCloseCode.isValidOnWire(code) else { throw .invalidCloseCode(code) }
        let reason = Array(payload[2...])
        guard UTF8Validator.isValid(reason) else { throw .invalidCloseReason }
        return .close(code: code, reason: String(decoding: reason, as: UTF8.self))
    }
}
