import BridgeTestSupport
import Foundation
import Testing
@testable import Authentication

/// Fresh chains signed by an independent implementation (eth-account) through Tests/Support/auth_make_chains.py.
@Suite struct GeneratedChainTests {
    struct Batch: Decodable {
        var now: Int64
        var cases: [Case]
    }

    struct Case: Decodable {
        var name: String
        var credential: String
        var expect: String
        var reason: String?
        var address: String?
    }

    @Test(.enabled(if: TestEnvironment.python != nil, Comment(rawValue: TestEnvironment.pythonMissingReason)))
    func everyGeneratedCaseHasTheExpectedOutcome() async throws {
        let python = try #require(TestEnvironment.python)
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/auth_make_chains.py").path
        let result = try ProcessRunner.run(python, [script])
        try #require(result.status == 0, "auth_make_chains.py failed: \(result.stderr)")
        let batch = try JSONDecoder().decode(Batch.self, from: Data(result.stdout.utf8))
        #expect(batch.cases.count >= 30)
        #expect(batch.cases.contains { $0.expect == "accept" })
        #expect(batch.cases.contains { $0.expect == "reject" })

        let authenticator = CredentialAuthenticator(
            authChainVerifier: AuthChainVerifier(clock: FixedWallClock(nowMilliseconds: batch.now)), matrixAuthenticator: nil)
        for testCase in batch.cases {
            let credential = Array(testCase.credential.utf8)
            switch testCase.expect {
            case "accept":
                do {
                    let address = try await authenticator.authenticate(credential: credential)
                    #expect(address.rawValue == testCase.address, "\(testCase.name)")
                } catch {
                    Issue.record("\(testCase.name) was refused: \(error)")
                }
            default:
                do {
                    let address = try await authenticator.authenticate(credential: credential)
                    Issue.record("\(testCase.name) was accepted as \(address)")
                } catch {
                    #expect(error.reason.rawValue == testCase.reason, "\(testCase.name): \(error)")
                }
            }
        }
    }
}
