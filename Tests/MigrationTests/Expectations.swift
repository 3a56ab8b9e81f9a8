import Migration
import SocialDomain
import Testing

/// Asserts every field the decision table fixes for a room's candidate, and the exact journaled rules.
func expectCandidate(
    _ derivation: RoomDerivation, _ action: FriendshipAction, by actor: String, requester: String,
    message: String? = nil, timestamp: Int64, eventID: String, rules: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let candidate = try #require(derivation.candidate, sourceLocation: sourceLocation)
    #expect(candidate.action == action, sourceLocation: sourceLocation)
    #expect(candidate.actingUser == Legacy.addr(actor), sourceLocation: sourceLocation)
    #expect(candidate.requester == Legacy.addr(requester), sourceLocation: sourceLocation)
    #expect(candidate.message == message, sourceLocation: sourceLocation)
    #expect(candidate.timestamp == timestamp, sourceLocation: sourceLocation)
    #expect(candidate.eventID == eventID, sourceLocation: sourceLocation)
    #expect(derivation.rules == rules.sorted(), sourceLocation: sourceLocation)
}

/// Asserts that the room yields nothing and journals exactly `rules`.
func expectNothing(_ derivation: RoomDerivation, rules: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(derivation.candidate == nil, sourceLocation: sourceLocation)
    #expect(derivation.rules == rules.sorted(), sourceLocation: sourceLocation)
}
