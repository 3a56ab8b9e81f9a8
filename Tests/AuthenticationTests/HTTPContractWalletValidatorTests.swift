import BridgeTestSupport
import CurlHTTP
import Foundation
import Synchronization
import Testing
@testable import Authentication

/// Answers every request with one canned result and keeps the requests.
final class CannedTransport: HTTPTransport {
    private let result: Result<HTTPResponse, HTTPClientError>
    private let sent = Mutex<[HTTPRequest]>([])

    init(_ result: Result<HTTPResponse, HTTPClientError>) { self.result = result }

    var requests: [HTTPRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        sent.withLock { $0.append(request) }
        return try result.get()
    }
}

@Suite struct HTTPContractWalletValidatorTests {
    let links = RecordedChain.good.links

    private func response(_ status: Int, _ body: String) -> Result<HTTPResponse, HTTPClientError> {
        .success(HTTPResponse(status: status, body: Array(body.utf8)))
    }

    @Test func postsTheChainAndPayload() async throws {
        let transport = CannedTransport(response(200, #"{"valid":true,"ownerAddress":"0xabc"}"#))
        let validator = HTTPContractWalletValidator(url: "http://127.0.0.1:9/validate", transport: transport)
        let verdict = try await validator.validate(authChain: links, signedPayload: "get:/:1:{}")
        #expect(verdict == ContractWalletVerdict(valid: true, ownerAddress: "0xabc"))

        let request = try #require(transport.requests.first)
        #expect(request.method == .post)
        #expect(request.url == "http://127.0.0.1:9/validate")
        #expect(request.headers["content-type"] == "application/json")
        let body = try #require(JSONSerialization.jsonObject(with: Data(request.body ?? [])) as? [String: Any])
        #expect(body["timestamp"] as? String == "get:/:1:{}")
        let chain = try #require(body["authChain"] as? [[String: String]])
        #expect(chain.count == 3)
        #expect(chain[1] == ["type": "ECDSA_EPHEMERAL", "payload": links[1].payload, "signature": links[1].signature])
    }

    @Test func invalidVerdictAndMissingOwner() async throws {
        let validator = HTTPContractWalletValidator(url: "http://x/", transport: CannedTransport(response(200, #"{"valid":false}"#)))
        #expect(try await validator.validate(authChain: links, signedPayload: "p") == ContractWalletVerdict(valid: false, ownerAddress: nil))
    }

    @Test func failuresAreErrors() async {
        let cases: [(Result<HTTPResponse, HTTPClientError>, ContractWalletValidationError)] = [
            (.failure(.connectFailed("refused")), .transport(.connectFailed("refused"))),
            (response(503, "{}"), .status(503)),
            (response(200, "not json"), .malformedResponse),
            (response(200, #"{"valid":"yes"}"#), .malformedResponse),
        ]
        for (result, expected) in cases {
            let validator = HTTPContractWalletValidator(url: "http://x/", transport: CannedTransport(result))
            await #expect(throws: expected) { _ = try await validator.validate(authChain: links, signedPayload: "p") }
        }
    }

    /// The whole path over libcurl against a Python stand-in for the validation service.
    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func endToEndOverCurl() async throws {
        let server = try PythonPeer(script: "auth_validator_server.py")
        defer { server.stop() }
        let client = CurlHTTPClient()
        defer { client.shutdown() }
        func authenticator(_ path: String) -> CredentialAuthenticator {
            let validator = HTTPContractWalletValidator(url: "http://127.0.0.1:\(server.port)\(path)", transport: client)
            return CredentialAuthenticator(
                authChainVerifier: AuthChainVerifier(clock: FixedWallClock(nowMilliseconds: RecordedChain.now), contractWalletValidator: validator),
                matrixAuthenticator: nil)
        }
        var contractLinks = links
        contractLinks[1].type = .eip1654Ephemeral
        let credential = RecordedChain.good.credential(links: contractLinks)
        let owner = try await authenticator("/validate").authenticate(credential: credential)
        #expect(owner.rawValue == "0xc00d4b0ce5689033e97e77c2a02b7dbb7354fac8")
        do {
            _ = try await authenticator("/broken").authenticate(credential: credential)
            Issue.record("a 503 from the validator must refuse the chain")
        } catch {
            #expect(error.reason == .contractWalletUnavailable)
        }
    }
}

/// A Python peer that prints its port on the first stdout line and runs until its stdin closes.
final class PythonPeer {
    let port: Int
    private let process: Process
    private let input: Pipe

    init(script: String) throws {
        let python = try #require(TestEnvironment.python)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/\(script)").path]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while let byte = try handle.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw PeerError.noPort
        }
        self.port = port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    enum PeerError: Error { case noPort }
}
