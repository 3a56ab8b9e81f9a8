import Foundation

/// Caps applied to an auth-chain credential before any cryptography runs.
public struct AuthChainLimits: Sendable, Equatable {
    /// Most links a chain may have (the 6.x middleware default).
    public var maxLinks = 10
    /// Longest link payload, in UTF-8 bytes (real payloads are ~130 bytes).
    public var maxPayloadBytes = 4096
    /// Longest link signature text; EIP-1654 signatures may be longer than the 132 of a personal signature.
    public var maxSignatureBytes = 4096
    /// Longest `x-identity-metadata` value.
    public var maxMetadataBytes = 4096
    /// Longest `x-identity-timestamp` value.
    public var maxTimestampBytes = 64

    /// The defaults above.
    public init() {}
}

/// An auth chain and its companions as sent in the first frame (rpc-protocol.md §3.2): the links
/// `x-identity-auth-chain-0…` up to the first missing index, `x-identity-timestamp` and `x-identity-metadata`.
public struct AuthChain: Sendable, Equatable {
    /// The links, index 0 first.
    public var links: [AuthLink]
    /// The `x-identity-timestamp` text, verbatim (it is part of the signed payload); `nil` when absent.
    public var timestamp: String?
    /// The `x-identity-metadata` text, verbatim; `nil` when absent.
    public var metadata: String?

    /// A chain from parts (tests, other transports).
    public init(links: [AuthLink], timestamp: String?, metadata: String?) {
        self.links = links
        self.timestamp = timestamp
        self.metadata = metadata
    }

    /// Parses the first-frame JSON object.
    /// - Throws: `AuthenticationError` `.badJSON` when the bytes are not a JSON object, otherwise as
    ///   `init(headers:limits:)`.
    public init(json bytes: [UInt8], limits: AuthChainLimits = AuthChainLimits()) throws(AuthenticationError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let headers = object as? [String: Any] else {
            throw AuthenticationError(.badJSON, "credential is not a JSON object")
        }
        try self.init(headers: headers, limits: limits)
    }

    /// Reads the chain out of an already decoded header object (names compared case-insensitively).
    /// - Throws: `AuthenticationError` `.invalidChain` (fewer than 2 or more than `maxLinks` links, a link that is
    ///   not a JSON string holding `{type, payload, signature}`, unknown type, oversized field), `.badTimestamp` or
    ///   `.badMetadata` (not strings, oversized).
    public init(headers rawHeaders: [String: Any], limits: AuthChainLimits = AuthChainLimits()) throws(AuthenticationError) {
        // Names are HTTP header names, so case-insensitive; a name given twice in different cases is ambiguous.
        var headers: [String: Any] = [:]
        for (name, value) in rawHeaders {
            guard headers.updateValue(value, forKey: name.lowercased()) == nil else {
                throw AuthenticationError(.badJSON, "a header name appears twice in different cases")
            }
        }
        var links: [AuthLink] = []
        while let value = headers["x-identity-auth-chain-\(links.count)"] {
            guard links.count < limits.maxLinks else {
                throw AuthenticationError(.invalidChain, "chain has more than \(limits.maxLinks) links")
            }
            links.append(try Self.parseLink(value, index: links.count, limits: limits))
        }
        guard links.count >= 2 else { throw AuthenticationError(.invalidChain, "chain has \(links.count) links, at least 2 needed") }

        var timestamp: String?
        if let value = headers["x-identity-timestamp"] {
            guard let text = value as? String else { throw AuthenticationError(.badTimestamp, "timestamp is not a string") }
            guard text.utf8.count <= limits.maxTimestampBytes else { throw AuthenticationError(.badTimestamp, "timestamp too long") }
            timestamp = text
        }
        var metadata: String?
        if let value = headers["x-identity-metadata"] {
            guard let text = value as? String else { throw AuthenticationError(.badMetadata, "metadata is not a string") }
            guard text.utf8.count <= limits.maxMetadataBytes else {
                throw AuthenticationError(.badMetadata, "metadata longer than \(limits.maxMetadataBytes) bytes")
            }
            metadata = text
        }
        self.init(links: links, timestamp: timestamp, metadata: metadata)
    }

    private static func parseLink(_ value: Any, index: Int, limits: AuthChainLimits) throws(AuthenticationError) -> AuthLink {
        guard let text = value as? String,
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
              let fields = object as? [String: Any]
        else { throw AuthenticationError(.invalidChain, "link \(index) is not a JSON object in a string") }
        guard let typeName = fields["type"] as? String, let payload = fields["payload"] as? String else {
            throw AuthenticationError(.invalidChain, "link \(index) lacks a string type or payload")
        }
        guard let type = AuthLinkType(rawValue: typeName) else {
            // The unknown name itself stays out of the log line: it is attacker-chosen text.
            throw AuthenticationError(.invalidChain, "link \(index) has an unknown type")
        }
        let signature: String
        switch fields["signature"] {
        case nil: signature = ""
        case let text as String: signature = text
        default: throw AuthenticationError(.invalidChain, "link \(index) signature is not a string")
        }
        guard payload.utf8.count <= limits.maxPayloadBytes else {
            throw AuthenticationError(.invalidChain, "link \(index) payload longer than \(limits.maxPayloadBytes) bytes")
        }
        guard signature.utf8.count <= limits.maxSignatureBytes else {
            throw AuthenticationError(.invalidChain, "link \(index) signature longer than \(limits.maxSignatureBytes) bytes")
        }
        return AuthLink(type: type, payload: payload, signature: signature)
    }
}
