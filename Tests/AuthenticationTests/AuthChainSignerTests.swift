import BridgeCrypto
import BridgeTestSupport
import Foundation
import Testing
@testable import Authentication

/// Chains made by `AuthChainSigner` (what `social-bridge call --private-key-file` sends) against the
/// server's verifier and against eth-account.
@Suite struct AuthChainSignerTests {
    static let now: Int64 = 1_790_000_000_000

    func verifier(at now: Int64 = now) -> CredentialAuthenticator {
        CredentialAuthenticator(authChainVerifier: AuthChainVerifier(clock: FixedWallClock(nowMilliseconds: now)), matrixAuthenticator: nil)
    }

    @Test func signedChainsVerifyAsTheOwner() async throws {
        for _ in 0..<10 {
            let owner = Secp256k1PrivateKey.random()
            let credential = AuthChainSigner(owner: owner).credential(nowMilliseconds: Self.now)
            let address = try await verifier().authenticate(credential: Array(credential.utf8))
            #expect(address.rawValue == owner.address)
        }
    }

    @Test func theChainHasTheShapeRealClientsSend() throws {
        let owner = Secp256k1PrivateKey.random(), ephemeral = Secp256k1PrivateKey.random()
        let signer = AuthChainSigner(owner: owner)
        let links = signer.links(nowMilliseconds: Self.now, ephemeral: ephemeral)
        #expect(links.map(\.type) == [.signer, .ecdsaEphemeral, .ecdsaSignedEntity])
        #expect(links[0].payload == EthereumAddress.checksummed(owner.address))
        #expect(links[0].signature.isEmpty)
        #expect(links[1].payload == """
            Decentraland Login
            Ephemeral address: \(EthereumAddress.checksummed(ephemeral.address)!)
            Expiration: \(AuthChainSigner.isoTimestamp(Self.now + 3_600_000))
            """)
        #expect(AuthChainSigner.isoTimestamp(1_755_800_000_123) == "2025-08-21T18:13:20.123Z")
        #expect(links[2].payload == "get:/:\(Self.now):{}")
        #expect(try PersonalSign.recoverAddress(message: links[1].payload, signature: links[1].signature) == owner.address)
        #expect(try PersonalSign.recoverAddress(message: links[2].payload, signature: links[2].signature) == ephemeral.address)
        let headers = try #require(try JSONSerialization.jsonObject(with: Data(signer.credential(nowMilliseconds: Self.now).utf8)) as? [String: String])
        #expect(Set(headers.keys) == ["x-identity-auth-chain-0", "x-identity-auth-chain-1", "x-identity-auth-chain-2", "x-identity-timestamp", "x-identity-metadata"])
        #expect(headers["x-identity-timestamp"] == String(Self.now))
        #expect(headers["x-identity-metadata"] == "{}")
    }

    @Test func expiredOrStaleChainsAreRefusedByTheVerifier() async throws {
        let signer = AuthChainSigner(owner: .random())
        // Signed six minutes before the server's clock: past the five-minute window.
        let stale = signer.credential(nowMilliseconds: Self.now - 6 * 60_000)
        await #expect(throws: AuthenticationError.self) { try await verifier().authenticate(credential: Array(stale.utf8)) }
        // The ephemeral delegation lapsed.
        let lapsed = signer.credential(nowMilliseconds: Self.now - 60_000, lifetimeMilliseconds: 30_000)
        await #expect(throws: AuthenticationError.self) { try await verifier().authenticate(credential: Array(lapsed.utf8)) }
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func ethAccountRecoversEveryLink() throws {
        let python = try #require(TestEnvironment.python)
        var owners: [Secp256k1PrivateKey] = []
        var credentials: [String] = []
        for _ in 0..<5 {
            let owner = Secp256k1PrivateKey.random()
            owners.append(owner)
            credentials.append(AuthChainSigner(owner: owner).credential(nowMilliseconds: Self.now))
        }
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/auth_check_signatures.py").path
        let result = try ProcessRunner.run(python, [script], input: try JSONSerialization.data(withJSONObject: ["credentials": credentials]))
        try #require(result.status == 0, "\(result.stderr)")
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let chains = try #require(reply["chains"] as? [[String]])
        #expect(chains.count == owners.count)
        for (chain, (owner, credential)) in zip(chains, zip(owners, credentials)) {
            let headers = try #require(try JSONSerialization.jsonObject(with: Data(credential.utf8)) as? [String: String])
            let link1 = try #require(try JSONSerialization.jsonObject(with: Data(headers["x-identity-auth-chain-1"]!.utf8)) as? [String: String])
            let ephemeral = try #require(link1["payload"]?.split(separator: "\n")[1].split(separator: " ").last.map(String.init))
            // Link 0 is the owner itself; link 1 was signed by the owner; link 2 by the ephemeral key it names.
            #expect(chain.map { $0.lowercased() } == [owner.address, owner.address, ephemeral.lowercased()])
        }
    }
}
