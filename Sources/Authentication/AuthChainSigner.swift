import BridgeCrypto
import Foundation

/// Makes the first-frame credential of a Decentraland client from the owner's private key, the way
/// `decentraland-crypto-fetch` / the Unity and godot clients do (rpc-protocol.md §3.2–3.4):
///
/// 1. `SIGNER`: the owner's address;
/// 2. `ECDSA_EPHEMERAL`: `Decentraland Login\nEphemeral address: <addr>\nExpiration: <ISO-8601>`,
///    personal-signed by the owner, naming a fresh ephemeral key;
/// 3. `ECDSA_SIGNED_ENTITY`: `get:/:<timestamp>:<metadata>`, personal-signed by the ephemeral key;
///
/// then the `x-identity-*` headers as one JSON object. Addresses are written EIP-55 checksummed, as
/// ethers writes them (verifiers compare case-insensitively).
public struct AuthChainSigner: Sendable {
    /// The identity the chain proves.
    public let owner: Secp256k1PrivateKey

    /// A signer for `owner`.
    public init(owner: Secp256k1PrivateKey) { self.owner = owner }

    /// The owner's lowercase address: the identity the server will see.
    public var ownerAddress: String { owner.address }

    /// The three links, for a signature made at `nowMilliseconds`.
    /// - Parameters:
    ///   - nowMilliseconds: the `x-identity-timestamp` (the server accepts it for 5 minutes).
    ///   - ephemeral: the delegated key; a fresh random one by default, as clients create one per login.
    ///   - lifetimeMilliseconds: how long the ephemeral delegation is valid.
    ///   - metadata: the `x-identity-metadata` text every client sends as `{}`.
    public func links(
        nowMilliseconds: Int64, ephemeral: Secp256k1PrivateKey = .random(), lifetimeMilliseconds: Int64 = 3_600_000,
        metadata: String = "{}"
    ) -> [AuthLink] {
        let ownerText = EthereumAddress.checksummed(owner.address) ?? owner.address
        let ephemeralText = EthereumAddress.checksummed(ephemeral.address) ?? ephemeral.address
        let login = "Decentraland Login\nEphemeral address: \(ephemeralText)\nExpiration: \(Self.isoTimestamp(nowMilliseconds + lifetimeMilliseconds))"
        let signedPayload = "get:/:\(nowMilliseconds):\(metadata)"
        return [
            AuthLink(type: .signer, payload: ownerText, signature: ""),
            AuthLink(type: .ecdsaEphemeral, payload: login, signature: PersonalSign.sign(message: login, with: owner).hex),
            AuthLink(type: .ecdsaSignedEntity, payload: signedPayload, signature: PersonalSign.sign(message: signedPayload, with: ephemeral).hex),
        ]
    }

    /// The credential JSON text (`x-identity-auth-chain-<i>` each holding a link as JSON text,
    /// `x-identity-timestamp`, `x-identity-metadata`).
    public func credential(
        nowMilliseconds: Int64, ephemeral: Secp256k1PrivateKey = .random(), lifetimeMilliseconds: Int64 = 3_600_000,
        metadata: String = "{}"
    ) -> String {
        let chain = links(nowMilliseconds: nowMilliseconds, ephemeral: ephemeral, lifetimeMilliseconds: lifetimeMilliseconds, metadata: metadata)
        var headers: [(String, String)] = []
        for (index, link) in chain.enumerated() {
            let linkJSON = "{\"type\":\(Self.quoted(link.type.rawValue)),\"payload\":\(Self.quoted(link.payload)),\"signature\":\(Self.quoted(link.signature))}"
            headers.append(("x-identity-auth-chain-\(index)", linkJSON))
        }
        headers.append(("x-identity-timestamp", String(nowMilliseconds)))
        headers.append(("x-identity-metadata", metadata))
        return "{" + headers.map { "\(Self.quoted($0.0)):\(Self.quoted($0.1))" }.joined(separator: ",") + "}"
    }

    /// `2026-09-01T10:00:00.000Z`, as `Date.toISOString()` writes it.
    static func isoTimestamp(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
