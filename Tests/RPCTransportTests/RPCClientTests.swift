import Foundation
import Protobuf
import Testing
import WebSocket
@testable import RPCTransport

/// The product client (`RPCClient` over `WebSocketClient`, used by `social-bridge call`) against the real server.
@Suite struct RPCClientTests {
    @Test func endpointsParse() throws {
        let plain = try WebSocketClient.Endpoint(url: "ws://127.0.0.1:8085/")
        #expect(plain == WebSocketClient.Endpoint(host: "127.0.0.1", port: 8085, path: "/"))
        #expect(try WebSocketClient.Endpoint(url: "ws://example.org") == WebSocketClient.Endpoint(host: "example.org", port: 80, path: "/"))
        #expect(try WebSocketClient.Endpoint(url: "ws://[::1]:9/rpc?x=1") == WebSocketClient.Endpoint(host: "::1", port: 9, path: "/rpc?x=1"))
        for bad in ["wss://example.org/", "http://x/", "ws://", "ws://host:0/", "ws://host:99999/", "ws://[::1/", "ws://:80/"] {
            #expect(throws: WebSocketClientError.self) { try WebSocketClient.Endpoint(url: bad) }
        }
        #expect(WebSocketClientError.invalidURL("wss://x").description.contains("no TLS"))
    }

    func connect(_ port: Int) throws -> RPCClient {
        RPCClient(connection: try WebSocketClient(endpoint: WebSocketClient.Endpoint(host: "127.0.0.1", port: port, path: "/"), timeoutSeconds: 5))
    }

    @Test func unaryCallsAndRemoteErrors() async throws {
        let (echo, who, remote) = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking { () throws -> (TestEcho, TestEcho, RPCClientError?) in
                let client = try self.connect(port)
                try client.authenticate(credential: "token:0xClient")
                let portID = try client.createPort(name: "client-test")
                let procedures = try client.requestModule("TestService", port: portID)
                #expect(procedures.count == TestProcedure.total)
                let echoed = try TestEcho(serializedBytes: client.call(
                    port: portID, procedureID: procedures["Echo"]!, payload: TestEcho(text: "ping", number: 7).serializedBytes()))
                let who = try TestEcho(serializedBytes: client.call(port: portID, procedureID: procedures["WhoAmI"]!, payload: []))
                var remote: RPCClientError?
                do { _ = try client.call(port: portID, procedureID: procedures["Fail"]!, payload: []) } catch { remote = error as? RPCClientError }
                client.connection.close()
                return (echoed, who, remote)
            }
        }
        #expect(echo == TestEcho(text: "ping", number: 7))
        #expect(who.text == "0xclient")
        #expect(remote == .remote("boom"))
    }

    @Test func streamsDeliverEveryElementThenEnd() async throws {
        let numbers = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking { () throws -> [Int64] in
                let client = try self.connect(port)
                try client.authenticate(credential: "token:0xStream")
                let portID = try client.createPort(name: "client-test")
                let procedures = try client.requestModule("TestService", port: portID)
                let stream = try client.openStream(port: portID, procedureID: procedures["Count"]!, payload: TestEcho(number: 4).serializedBytes())
                var numbers: [Int64] = []
                while let element = try stream.next(timeoutSeconds: 5) { numbers.append(try TestEcho(serializedBytes: element).number) }
                #expect(try stream.next(timeoutSeconds: 1) == nil)
                return numbers
            }
        }
        #expect(numbers == [1, 2, 3, 4])
    }

    @Test func cancelStopsTheServersStreamAndInterruptEndsAWait() async throws {
        try await LiveServer.with { live in
            let port = live.port, events = live.fixture.events
            let client = try await runBlocking { try self.connect(port) }
            let stream = try await runBlocking { () throws -> RPCClientStream in
                try client.authenticate(credential: "token:0xEvents")
                let portID = try client.createPort(name: "client-test")
                let procedures = try client.requestModule("TestService", port: portID)
                return try client.openStream(port: portID, procedureID: procedures["Events"]!, payload: [])
            }
            let reader = Task { try await runBlocking { () throws -> (Int64?, RPCClientError?) in
                let first = try stream.next(timeoutSeconds: 5).map { try TestEcho(serializedBytes: $0).number }
                do { _ = try stream.next(timeoutSeconds: nil) } catch { return (first, error as? RPCClientError) }
                return (first, nil)
            } }
            #expect(await events.waitUntil { $0.started == 1 })
            events.yield(TestEcho(number: 42))
            try await Task.sleep(for: .milliseconds(200))
            client.connection.interrupt()
            let (first, error) = try await reader.value
            #expect(first == 42)
            #expect(error == .transport(.closed(code: nil, reason: "interrupted")))
            try await runBlocking {
                stream.cancel()
                // The connection still works after an interrupted wait.
                _ = try client.requestModule("TestService", port: 1)
            }
            #expect(await events.waitUntil { $0.terminated == 1 })
        }
    }

    @Test func aRefusedCredentialIsTellable() async throws {
        let error = try await LiveServer.with { live in
            let port = live.port
            return try await runBlocking { () throws -> RPCClientError? in
                let client = try self.connect(port)
                do { try client.authenticate(credential: "nonsense") } catch { return error as? RPCClientError }
                return nil
            }
        }
        #expect(error == .refused(code: 3003, reason: "Unauthorized"))
        #expect(error?.description == "the server refused the credential (close 3003 Unauthorized)")
    }

    @Test func connectingNowhereFailsClearly() async throws {
        // Bind then close a port, so nothing listens there.
        let server = WebSocketServer(configuration: WebSocketServerConfiguration(host: "127.0.0.1", port: 0), handler: RPCWebSocketServer(
            service: RPCService(name: "X"), authenticator: TestAuthenticator()))
        let port = try server.start()
        server.shutdown()
        let error = try await runBlocking { () -> WebSocketClientError? in
            do { _ = try WebSocketClient(endpoint: .init(host: "127.0.0.1", port: port, path: "/"), timeoutSeconds: 2) } catch { return error as? WebSocketClientError }
            return nil
        }
        #expect(error == .connect(address: "127.0.0.1:\(port)", reason: "Connection refused"))
        let unresolvable = try await runBlocking { () -> WebSocketClientError? in
            do { _ = try WebSocketClient(endpoint: .init(host: "no-such-host.invalid", port: 80, path: "/"), timeoutSeconds: 2) } catch { return error as? WebSocketClientError }
            return nil
        }
        if case .unresolvable(let host, _) = unresolvable { #expect(host == "no-such-host.invalid") } else { Issue.record("\(String(describing: unresolvable))") }
    }
}
