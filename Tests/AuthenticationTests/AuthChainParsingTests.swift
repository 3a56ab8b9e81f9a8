import Testing
@testable import Authentication

@Suite struct AuthChainParsingTests {
    @Test func parsesTheFirstFrameObject() throws {
        let chain = try AuthChain(json: RecordedChain.good.credential())
        #expect(chain == RecordedChain.good.chain)
    }

    @Test func stopsAtTheFirstMissingIndex() throws {
        let links = RecordedChain.good.links
        var headers: [String: Any] = ["x-identity-timestamp": "1", "x-identity-metadata": "{}"]
        headers["x-identity-auth-chain-0"] = RecordedChain.jsonText(["type": "SIGNER", "payload": links[0].payload, "signature": ""])
        headers["x-identity-auth-chain-1"] = RecordedChain.jsonText(["type": "ECDSA_EPHEMERAL", "payload": links[1].payload, "signature": links[1].signature])
        headers["x-identity-auth-chain-3"] = RecordedChain.jsonText(["type": "ECDSA_SIGNED_ENTITY", "payload": "x", "signature": "0x"])
        let chain = try AuthChain(headers: headers)
        #expect(chain.links.count == 2)
    }

    @Test func missingSignatureFieldMeansEmpty() throws {
        let headers: [String: Any] = [
            "x-identity-auth-chain-0": #"{"type":"SIGNER","payload":"0xc00D4b0CE5689033E97E77c2a02b7dbb7354FAc8"}"#,
            "x-identity-auth-chain-1": #"{"type":"ECDSA_SIGNED_ENTITY","payload":"p","signature":"0x00"}"#,
        ]
        let chain = try AuthChain(headers: headers)
        #expect(chain.links[0].signature == "")
        #expect(chain.timestamp == nil && chain.metadata == nil)
    }

    @Test(arguments: [
        (#"[]"#, AuthenticationError.Reason.badJSON),
        (#"not json"#, .badJSON),
        (#"{}"#, .invalidChain),
        (#"{"x-identity-auth-chain-0": 5, "x-identity-auth-chain-1": "{}"}"#, .invalidChain),
        (#"{"x-identity-auth-chain-0": "[1]", "x-identity-auth-chain-1": "{}"}"#, .invalidChain),
        (#"{"x-identity-auth-chain-0": "{\"type\":\"SIGNER\",\"payload\":1}", "x-identity-auth-chain-1": "{}"}"#, .invalidChain),
        (#"{"x-identity-auth-chain-0": "{\"type\":\"NOPE\",\"payload\":\"a\"}", "x-identity-auth-chain-1": "{}"}"#, .invalidChain),
        (#"{"x-identity-auth-chain-0": "{\"type\":\"SIGNER\",\"payload\":\"a\",\"signature\":7}", "x-identity-auth-chain-1": "{}"}"#, .invalidChain),
    ])
    func rejectsMalformedFrames(json: String, expected: AuthenticationError.Reason) {
        #expect(throws: AuthenticationError.self) { try AuthChain(json: Array(json.utf8)) }
        do {
            _ = try AuthChain(json: Array(json.utf8))
        } catch {
            #expect(error.reason == expected)
        }
    }

    @Test func rejectsNonStringTimestampAndMetadata() {
        var headers = twoLinkHeaders()
        headers["x-identity-timestamp"] = 5
        #expect(reason(headers) == .badTimestamp)
        headers = twoLinkHeaders()
        headers["x-identity-metadata"] = ["a": 1]
        #expect(reason(headers) == .badMetadata)
    }

    @Test func enforcesLimits() {
        var limits = AuthChainLimits()
        limits.maxLinks = 3
        var headers = twoLinkHeaders()
        headers["x-identity-auth-chain-2"] = headers["x-identity-auth-chain-1"]
        #expect(reason(headers, limits) == nil)
        headers["x-identity-auth-chain-3"] = headers["x-identity-auth-chain-1"]
        #expect(reason(headers, limits) == .invalidChain)

        headers = twoLinkHeaders()
        headers["x-identity-auth-chain-1"] = RecordedChain.jsonText(["type": "ECDSA_SIGNED_ENTITY", "payload": String(repeating: "a", count: 4097), "signature": ""])
        #expect(reason(headers) == .invalidChain)
        headers = twoLinkHeaders()
        headers["x-identity-auth-chain-1"] = RecordedChain.jsonText(["type": "ECDSA_SIGNED_ENTITY", "payload": "a", "signature": String(repeating: "0", count: 4097)])
        #expect(reason(headers) == .invalidChain)
        headers = twoLinkHeaders()
        headers["x-identity-metadata"] = String(repeating: " ", count: 4097)
        #expect(reason(headers) == .badMetadata)
        headers = twoLinkHeaders()
        headers["x-identity-timestamp"] = String(repeating: "1", count: 65)
        #expect(reason(headers) == .badTimestamp)
    }

    private func twoLinkHeaders() -> [String: Any] {
        [
            "x-identity-auth-chain-0": RecordedChain.jsonText(["type": "SIGNER", "payload": RecordedChain.good.owner, "signature": ""]),
            "x-identity-auth-chain-1": RecordedChain.jsonText(["type": "ECDSA_SIGNED_ENTITY", "payload": "a", "signature": "0x"]),
        ]
    }

    private func reason(_ headers: [String: Any], _ limits: AuthChainLimits = AuthChainLimits()) -> AuthenticationError.Reason? {
        do {
            _ = try AuthChain(headers: headers, limits: limits)
            return nil
        } catch {
            return error.reason
        }
    }
}

@Suite struct EphemeralPayloadTests {
    @Test func parsesAddressAndExpiration() throws {
        let payload = try EphemeralPayload(
            "Decentraland Login\r\nEphemeral address: 0x7B69917C2c74112B90bc7FDc12C44Aa5Dbee96f8\r\nExpiration: 2026-01-01T01:00:00.000Z", linkIndex: 1)
        #expect(payload.ephemeralAddress.rawValue == "0x7b69917c2c74112b90bc7fdc12c44aa5dbee96f8")
        #expect(payload.expiration == 1_767_229_200_000)
    }

    @Test(arguments: [
        ("2026-01-01T01:00:00.000Z", Int64(1_767_229_200_000)),
        ("2026-01-01T01:00:00Z", 1_767_229_200_000),
        ("2026-01-01T01:00Z", 1_767_229_200_000),
        ("2026-01-01T01:00:00.123456Z", 1_767_229_200_123),
        ("2026-01-01T03:00:00+02:00", 1_767_229_200_000),
        ("2026-01-01T00:30:00-0030", 1_767_229_200_000),
        ("2026-01-01", 1_767_225_600_000),
        ("2026-01-01t01:00:00.000z", 1_767_229_200_000),
        ("1970-01-01T00:00:00.000Z", 0),
        ("2024-02-29T12:00:00.000Z", 1_709_208_000_000),
        ("1969-12-31T23:59:59.000Z", -1000),
    ])
    func isoDates(text: String, milliseconds: Int64) {
        #expect(ISO8601Timestamp.milliseconds(text) == milliseconds)
    }

    @Test(arguments: ["", "2026", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-01-01T24:00:00Z",
                      "2026-01-01T01:00:00.Z", "2026-01-01T01:00:00Zjunk", "tomorrow", "2026-01-01T01:00:60Z", "2026-1-01"])
    func rejectsBadDates(text: String) {
        #expect(ISO8601Timestamp.milliseconds(text) == nil)
    }
}

@Suite struct HeaderNameCaseTests {
    @Test func headerNamesAreCaseInsensitive() throws {
        let good = RecordedChain.good
        var headers: [String: Any] = [:]
        for (index, link) in good.links.enumerated() {
            headers["X-Identity-Auth-Chain-\(index)"] = RecordedChain.jsonText(["type": link.type.rawValue, "payload": link.payload, "signature": link.signature])
        }
        headers["X-IDENTITY-TIMESTAMP"] = good.timestamp
        headers["x-identity-Metadata"] = good.metadata
        #expect(try AuthChain(headers: headers) == good.chain)
        headers["x-identity-timestamp"] = "1"
        #expect(throws: AuthenticationError.self) { try AuthChain(headers: headers) }
    }
}
