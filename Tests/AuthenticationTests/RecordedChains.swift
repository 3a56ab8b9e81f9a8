import Foundation
import Testing
@testable import Authentication

/// Chains signed by eth-account, recorded with
/// `Tests/Support/auth_make_chains.py --seed socialbridge-fixture --now 1767225600000` and pasted as literals.
struct RecordedChain: CustomTestStringConvertible {
    static let now: Int64 = 1_767_225_600_000

    var name: String

    var owner: String
    var ephemeralPayload: String
    var ephemeralSignature: String
    var signedPayload: String
    var entitySignature: String
    var timestamp: String? = "1767225600000"
    var metadata: String? = "{}"

    var links: [AuthLink] {
        [
            AuthLink(type: .signer, payload: owner, signature: ""),
            AuthLink(type: .ecdsaEphemeral, payload: ephemeralPayload, signature: ephemeralSignature),
            AuthLink(type: .ecdsaSignedEntity, payload: signedPayload, signature: entitySignature),
        ]
    }

    var testDescription: String { name }

    var chain: AuthChain { AuthChain(links: links, timestamp: timestamp, metadata: metadata) }

    /// The first-frame JSON for `links` (defaults to this chain's links).
    func credential(links override: [AuthLink]? = nil) -> [UInt8] {
        Self.credential(links: override ?? links, timestamp: timestamp, metadata: metadata)
    }

    static func credential(links: [AuthLink], timestamp: String?, metadata: String?) -> [UInt8] {
        var headers: [String: String] = [:]
        for (index, link) in links.enumerated() {
            let object = ["type": link.type.rawValue, "payload": link.payload, "signature": link.signature]
            headers["x-identity-auth-chain-\(index)"] = jsonText(object)
        }
        headers["x-identity-timestamp"] = timestamp
        headers["x-identity-metadata"] = metadata
        return Array(jsonText(headers).utf8)
    }

    static func jsonText(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    // good_v27_28 → accept 0xc00d4b0ce5689033e97e77c2a02b7dbb7354fac8
    static let good = RecordedChain(
        name: "good_v27_28",
        owner: "0xc00D4b0CE5689033E97E77c2a02b7dbb7354FAc8",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0x7B69917C2c74112B90bc7FDc12C44Aa5Dbee96f8\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0xdfb82e73aaae8e82b517fd8d81e946d5ce35d99ebff6a5c0108c162b5699836e25656340dac4babf6822673a5a7b501100784db0156ecbd5af797bb79905983b1c",
        signedPayload: "get:/:1767225600000:{}",
        entitySignature: "0xbab39487da77a612f1b9b809b863979f62f40610deee58382be53d1393d0736f7f30f58d9fcf3f0b82a886b3357eda518c80d8ed50a94152a778c0887e8828fb1c")

    // good_v0_1 → accept 0x08f6e5a8428f87badc372bd2df164ff2d79e78ed
    static let goodV01 = RecordedChain(
        name: "good_v0_1",
        owner: "0x08F6e5a8428F87bADC372bd2df164fF2d79e78eD",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0x244dACCb897C2f1BA06F7FA499eD440aEcfa1749\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0x485d0e6d882e0e669738bfa95be94dadc734b2ae2c8679796e9f7504a208dc0746c0d9cc8be377c78979f3daafdf35d77c9695ffdd5bf0660abf926fbd26e56b00",
        signedPayload: "get:/:1767225600000:{}",
        entitySignature: "0xc9975cdb09ebf971f52437b149c5a9c82ca2cf85a80b21aa7fd9ee3d09d4077c4a9e06bb3b4362ca5d141c7e98a4f20e02d02fe013e0b5d6c9c51d1e375c4c4b00")

    // good_high_s → accept 0x272f9d1cad32de21f7cea52f5f736ae7e1227d12
    static let goodHighS = RecordedChain(
        name: "good_high_s",
        owner: "0x272f9d1caD32De21F7CEA52f5f736AE7E1227D12",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0x6cE9ED051149C55B894dfF02Ec899d8F737217C3\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0x5ee2116742b2a2254144d2e7ee88b0d581803d4a84eaa8bc4cc13b35f01b970fd5f97762cc64ba5091a786ce8f4b8ed7307cd177c8ce406ea976add0425bd6bd1c",
        signedPayload: "get:/:1767225600000:{}",
        entitySignature: "0xe09aa2936badfa29999783ac3a150c60645daa1e6a0f220a11eebd98fc340fb7a920017cccff547c8c7bf13dff7cc6e2620b25e9969786c3c142792aaf84c7fa1b")

    // good_legacy_lowercased_payload → accept 0x649683bf8a9ca7b682628d5bb0a0df370dd297f8
    static let goodLegacyLowercase = RecordedChain(
        name: "good_legacy_lowercased_payload",
        owner: "0x649683Bf8A9Ca7b682628D5bb0A0df370dd297F8",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0xF787485E2342A2f434275B0402Bd85a9D02f19b7\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0x6caf4af031594e6d6a3f4ee9c7297c86a4ba5cea1c9ba96e94b1d660206beced09cace88d91c1725b745dccfc1f38989ec4c9ca9f4b2f25eb1c31481453c53021b",
        signedPayload: "get:/:1767225600000:{\"origin\":\"explorer\"}",
        entitySignature: "0x75a1e6a084e144914c40212f72dc000a0b900935634f9759aa8aa5f960c59002392873b81c8ca18f23a9f1ed1223f52952bed38715af5d5ceda4c2c4ff8807df1b",
        metadata: "{\"Origin\":\"Explorer\"}")

    // wrong_payload_timestamp → reject payload_mismatch
    static let wrongPayloadTimestamp = RecordedChain(
        name: "wrong_payload_timestamp",
        owner: "0xd496141999feC2c8e2238398573968dbdB1606e9",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0x0c066f3B774E5697e9D73A0D81f4C877F09633FB\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0x1b21b58a325ec59d84aa0650e1b2f02cc5d233896d585168bd7d7a1f14fa68c831badaca726afdeabfb36bf9d7121ba6bcc8e495876a3e9f548390858f75f9571b",
        signedPayload: "get:/:1767225600000:{}",
        entitySignature: "0xb20372979a2ac967193bbc19afe5d5fff3827c497f50034ebc30c7424ae18dfd195c869506f426b2c259bddfafe7c0cc8f900050c8a5d883cbb07f6f3a1e7ae51c",
        timestamp: "1767225600001")

    // wrong_ephemeral_signer → reject bad_signature
    static let wrongEphemeralSigner = RecordedChain(
        name: "wrong_ephemeral_signer",
        owner: "0xC81d8485f614F016835ba2EEa8EBebfEFC3873a6",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0x4a8E02D880A768559C2e9cF1EF0155Dc126bc0AE\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0xe0dc42785b424bd4677fce72245bc741731afc3ef654b83eb5d7beac8de21b7c6b70593e01c181085bf7a5a7928a917172cadbe3f4d58629471ad9c5d3eab9191b",
        signedPayload: "get:/:1767225600000:{}",
        entitySignature: "0x1e9b0be62f1ab8800376e655c634130dc5d3e074194bb795a8a30d65f82f2476459c5ec13d1314d1e288f766732fa3e16ea732a6813e989a7f75fdd4292c0c581c")

    // expired_ephemeral → reject ephemeral_expired
    static let expiredEphemeral = RecordedChain(
        name: "expired_ephemeral",
        owner: "0x036Cd8110179ed43d42e786D85E45a0466029766",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0xf95c614037aC8a6Aa2064C20d6f1595377A05c7a\nExpiration: 2025-12-31T23:59:59.000Z",
        ephemeralSignature: "0xbc1576daa0edaf48f973353b9cb4f5506790c3aeabeb106bf469e86715ae734b19bead2c6101abd87227340cef734c33708e5c275f9d29831ea4e7d79b5b06e51c",
        signedPayload: "get:/:1767225600000:{}",
        entitySignature: "0x13f626acd946b53345a99fc8e8b00edc2b92ddd5f513fa50e66b12520914dd3027587f3818546c65442bae439017a6c489ba74ae03a2dfacce7c114552b8f4f81b")

    // timestamp_too_old → reject signature_expired
    static let timestampTooOld = RecordedChain(
        name: "timestamp_too_old",
        owner: "0xb662841F4F76065C0Af6Af0583c9d6c6970882De",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0xc4345ecc695e66Ee58128633ac1b8a062484237b\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0x80e1a478d4ca5acd6da143e5a47a690fbc22be5cc050347ecb348e041144b36f26a3d2e8818e279e7d9a5c0099290f6247914fcc682854b1e7d1e59a2eb8fe1d1b",
        signedPayload: "get:/:1767225000000:{}",
        entitySignature: "0x1d752b8e2793bb7279d8eb6491b6737e70113352fd1d209210fb86e4a256853c6d4c05569d1a5ae113394bcae716ae805517a896715660e5a4e57922ed1c7b281b",
        timestamp: "1767225000000")

    // scene_signer → reject scene_signer
    static let sceneSigner = RecordedChain(
        name: "scene_signer",
        owner: "0xf3209E703b9f4e9930d4e0c4259d0b11C3e90613",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0x5c2891064FB717902538820680E9Da50317ab3A5\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0xe8d1a0a2d5c9b7c86f625f4af5bb3d8a21cfd73b09150cecf943f444df3bf00c1d9e6524bbd1d9b698eeaaa7af78c525be3ddb868021d934439644338d8b3e031b",
        signedPayload: "get:/:1767225600000:{\"signer\":\"decentraland-kernel-scene\"}",
        entitySignature: "0xfa76497e62f7eba63541af2728f6441cfd22c698e9e62e19d5c4988cf601e7ff39584a9e90c22677f2e3704520716c56b02c7d1a9de5b7c78dd767a062c06a161b",
        metadata: "{\"signer\":\"decentraland-kernel-scene\"}")

    // bit_flipped_in_s → reject bad_signature
    static let bitFlippedInS = RecordedChain(
        name: "bit_flipped_in_s",
        owner: "0x79E39ceBCbCb950fB18BF73db288aE34D52a01eD",
        ephemeralPayload: "Decentraland Login\nEphemeral address: 0x04f8F8995a8Eff0FF8deb67AA617FE1438E76961\nExpiration: 2026-01-01T01:00:00.000Z",
        ephemeralSignature: "0xd7d9b08b783c93f1bf7f8a5962a48e0d9d9edaf78f57bdb602b9cbe22715e1a5485fe1a4fbd7d38c414c689349d19afb7cd385106cc2b4642cf2b2ba21c697d61c",
        signedPayload: "get:/:1767225600000:{}",
        entitySignature: "0x225f99170e99d1fdab45b65227bb2b5929c615cae7de042616073119fffbed290861b1ca2319a3b670c5f83f55be69ac66c39a564cd1901beac23f213fc665c61c")
}
