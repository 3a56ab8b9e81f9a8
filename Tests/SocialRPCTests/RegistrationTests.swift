import Testing
import RPCTransport
import SocialProtocol
@testable import SocialRPC

@Suite struct RegistrationTests {
    @Test func allThirtyThreeProceduresInDeclarationOrder() throws {
        let harness = try CoreHarness(.memory)
        let service = SocialServiceHandlers(core: harness.core).makeService()
        #expect(service.name == "SocialService")
        #expect(service.procedureNames == SocialServiceProcedures.all.map(\.name))
        #expect(service.procedureNames.count == 33)
    }

    @Test func callerComesFromTheContext() throws {
        let caller = try SocialServiceHandlers.caller(RPCContext(identity: addr(5).rawValue, connectionID: 9))
        #expect(caller == .init(address: addr(5), connectionID: 9))
        #expect(throws: RPCRemoteError.self) { try SocialServiceHandlers.caller(RPCContext(identity: "someone", connectionID: 1)) }
    }

    @Test func presenceObserverFollowsSessions() throws {
        let presence = PresenceTracker(awayAfterMilliseconds: nil, clock: ManualClock())
        let observer = PresenceSessionObserver(presence: presence)
        let context = RPCContext(identity: addr(1).rawValue, connectionID: 3)
        observer.sessionAuthenticated(context)
        observer.sessionActivity(context)
        #expect(presence.status(of: addr(1)) == .online)
        observer.sessionClosed(context)
        #expect(presence.status(of: addr(1)) == .offline)
        observer.sessionAuthenticated(RPCContext(identity: "not-an-address", connectionID: 4))
        #expect(presence.connectedUserCount == 0)
    }
}
