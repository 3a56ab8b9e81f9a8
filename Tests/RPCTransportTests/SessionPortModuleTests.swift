import Protobuf
import Testing
@testable import RPCTransport

/// CREATE_PORT, REQUEST_MODULE, DESTROY_PORT.
@Suite struct SessionPortModuleTests {
    @Test func portIdsComeFromAServerWideCounterAndEchoTheMessageNumber() async throws {
        let first = SessionHarness.make()
        try await first.authenticate()
        let second = first.sibling(connectionID: 2)
        try await second.authenticate()
        #expect(try await first.openPort(number: 7, name: "social_service") == 1)
        #expect(try await second.openPort(number: 7, name: "social_service") == 2)
        #expect(try await first.openPort(number: 8, name: "") == 3)
        // Destroyed ids are never reused.
        first.send(DestroyPort(messageIdentifier: MessageIdentifier.make(.destroyPort, 0), portID: 3))
        #expect(try await first.openPort(number: 9) == 4)
    }

    @Test func moduleListsAllProceduresInRegistrationOrderAndIsStable() async throws {
        let harness = SessionHarness.make()
        try await harness.authenticate()
        let port = try await harness.openPort(number: 1)
        let module = try await harness.loadModule(port: port, number: 2)
        #expect(MessageIdentifier.number(of: module.messageIdentifier) == 2)
        #expect(module.portID == port)
        #expect(module.procedures.count == 33)
        #expect(module.procedures.map(\.procedureID) == Array(1...33))
        #expect(module.procedures.map(\.procedureName) == TestProcedure.names)
        let again = try await harness.loadModule(port: port, number: 3)
        #expect(again.procedures == module.procedures)
    }

    @Test func unknownModuleIsARemoteErrorWithTheReferenceText() async throws {
        let harness = SessionHarness.make()
        try await harness.authenticate()
        let port = try await harness.openPort(number: 1, name: "social")
        harness.send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: port, moduleName: "Nope"))
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error == RemoteError(
            messageIdentifier: MessageIdentifier.make(.remoteErrorResponse, 2),
            errorMessage: "Module Nope is not available for port social (\(port)))"))
    }

    @Test func moduleOnUnknownPortIsCannotFindPort() async throws {
        let harness = SessionHarness.make()
        try await harness.authenticate()
        harness.send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 2), portID: 99, moduleName: "TestService"))
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error.errorMessage == "Cannot find port 99")
        #expect(error.errorCode == 0)
        #expect(!harness.session.isClosed)
    }

    @Test func portsBelongToTheirConnection() async throws {
        let first = SessionHarness.make()
        let port = try await first.ready()
        let second = first.sibling(connectionID: 2)
        try await second.authenticate()
        second.call(TestProcedure.echo, TestEcho(text: "x"), port: port, number: 5)
        let error: RemoteError = try await second.frame(.remoteErrorResponse)
        #expect(error.errorMessage == "invalid portId")
        second.send(RequestModule(messageIdentifier: MessageIdentifier.make(.requestModule, 6), portID: port, moduleName: "TestService"))
        let moduleError: RemoteError = try await second.frame(.remoteErrorResponse)
        #expect(moduleError.errorMessage == "Cannot find port \(port)")
    }

    @Test func destroyedPortIsForgotten() async throws {
        let harness = SessionHarness.make()
        let port = try await harness.ready()
        harness.send(DestroyPort(messageIdentifier: MessageIdentifier.make(.destroyPort, 0), portID: port))
        harness.call(TestProcedure.echo, TestEcho(text: "x"), port: port, number: 5)
        let error: RemoteError = try await harness.frame(.remoteErrorResponse)
        #expect(error.errorMessage == "invalid portId")
        // Destroying an unknown port is silently ignored.
        harness.send(DestroyPort(messageIdentifier: MessageIdentifier.make(.destroyPort, 0), portID: 1234))
        let other = try await harness.openPort(number: 6)
        _ = try await harness.loadModule(port: other, number: 7)
        try await harness.probe(port: other, number: 8)
    }
}
