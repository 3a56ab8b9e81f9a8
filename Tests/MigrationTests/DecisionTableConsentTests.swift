import Migration
import SocialDomain
import Testing

/// Decision table rows #1–#8 (legacy-matrix §5): the `""` history decides each action.
@Suite struct DecisionTableConsentTests {
    typealias L = Legacy
    let ua = Legacy.user(Legacy.a)
    let ub = Legacy.user(Legacy.b)

    @Test("#1 consent_check_stale: accept stands when the history shows the other's request")
    func row01() throws {
        let request = L.friendship("$h1", by: ub, content: L.action("request"), ts: 2_000)
        let accept = L.friendship("$h2", by: ua, content: L.action("accept"), ts: 3_000)
        // B's per-user key is stale (a cancel from a legacy client before the Rust-path request).
        let stale = L.friendship("$pb", by: ub, key: ub, content: L.action("cancel"), ts: 1_500)
        let d = try L.derive(state: L.dmState() + [accept, stale], history: [request, accept])
        try expectCandidate(d, .accept, by: L.a, requester: L.b, timestamp: 3_000, eventID: "$h2",
                            rules: ["consent_check_stale"])
    }

    @Test("#2 consent_unverified: accept stands when the history cannot be read")
    func row02() throws {
        let accept = L.friendship("$h2", by: ua, content: L.action("accept"), ts: 3_000)
        let d = try L.derive(state: L.dmState() + [accept], history: nil)
        try expectCandidate(d, .accept, by: L.a, requester: L.b, timestamp: 3_000, eventID: "$h2",
                            rules: ["consent_unverified", "history_unavailable"])
        // With B's per-user request present the legacy check passes: no consent rule.
        let perUser = L.friendship("$pb", by: ub, key: ub, content: L.action("request"), ts: 2_000)
        let passing = try L.derive(state: L.dmState() + [accept, perUser], history: nil)
        try expectCandidate(passing, .accept, by: L.a, requester: L.b, timestamp: 3_000, eventID: "$h2",
                            rules: ["history_unavailable"])
    }

    @Test("#3 accept_without_request: first event yields nothing, else the previous event's result")
    func row03() throws {
        let lone = L.friendship("$h1", by: ua, content: L.action("accept"), ts: 3_000)
        expectNothing(try L.derive(state: L.dmState() + [lone], history: [lone]), rules: ["accept_without_request"])

        let request = L.friendship("$h1", by: ua, content: L.action("request", message: "hey"), ts: 2_000)
        let ownAccept = L.friendship("$h2", by: ua, content: L.action("accept"), ts: 3_000)
        let d = try L.derive(state: L.dmState() + [ownAccept], history: [request, ownAccept])
        try expectCandidate(d, .request, by: L.a, requester: L.a, message: "hey", timestamp: 2_000, eventID: "$h1",
                            rules: ["accept_without_request"])

        let req = L.friendship("$h1", by: ub, content: L.action("request"), ts: 2_000)
        let cancel = L.friendship("$h2", by: ub, content: L.action("cancel"), ts: 2_500)
        let late = L.friendship("$h3", by: ua, content: L.action("accept"), ts: 3_000)
        let afterCancel = try L.derive(state: L.dmState() + [late], history: [req, cancel, late])
        try expectCandidate(afterCancel, .cancel, by: L.b, requester: L.b, timestamp: 2_500, eventID: "$h2",
                            rules: ["accept_without_request"])
    }

    @Test("#4 duplicate_accept: an accept after an accept stands")
    func row04() throws {
        let request = L.friendship("$h1", by: ua, content: L.action("request"), ts: 2_000)
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 3_000)
        let again = L.friendship("$h3", by: ua, content: L.action("accept"), ts: 4_000)
        let perUser = L.friendship("$pb", by: ub, key: ub, content: L.action("request"), ts: 1_900)
        let d = try L.derive(state: L.dmState() + [again, perUser], history: [request, accept, again])
        try expectCandidate(d, .accept, by: L.a, requester: L.b, timestamp: 4_000, eventID: "$h3",
                            rules: ["duplicate_accept"])
    }

    @Test("#5 cancel_by_receiver: a receiver's cancel becomes a reject")
    func row05() throws {
        let request = L.friendship("$h1", by: ub, content: L.action("request"), ts: 2_000)
        let cancel = L.friendship("$h2", by: ua, content: L.action("cancel"), ts: 3_000)
        let d = try L.derive(state: L.dmState() + [cancel], history: [request, cancel])
        try expectCandidate(d, .reject, by: L.a, requester: L.b, timestamp: 3_000, eventID: "$h2",
                            rules: ["cancel_by_receiver"])
    }

    @Test("#6 reject_by_sender: a sender's reject becomes a cancel")
    func row06() throws {
        let request = L.friendship("$h1", by: ua, content: L.action("request"), ts: 2_000)
        let reject = L.friendship("$h2", by: ua, content: L.action("reject"), ts: 3_000)
        let d = try L.derive(state: L.dmState() + [reject], history: [request, reject])
        try expectCandidate(d, .cancel, by: L.a, requester: L.a, timestamp: 3_000, eventID: "$h2",
                            rules: ["reject_by_sender"])
    }

    @Test("#7 invalid_transition: out-of-table sequences stand as they are")
    func row07() throws {
        let request = L.friendship("$h1", by: ua, content: L.action("request"), ts: 2_000)
        let accept = L.friendship("$h2", by: ub, content: L.action("accept"), ts: 3_000)
        let perUser = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)

        // Request while friends.
        let again = L.friendship("$h3", by: ua, content: L.action("request"), ts: 4_000)
        try expectCandidate(try L.derive(state: L.dmState() + [again, perUser], history: [request, accept, again]),
                            .request, by: L.a, requester: L.a, timestamp: 4_000, eventID: "$h3", rules: ["invalid_transition"])
        // Request over one's own request.
        let twice = L.friendship("$h2", by: ua, content: L.action("request"), ts: 3_000)
        try expectCandidate(try L.derive(state: L.dmState() + [twice], history: [request, twice]),
                            .request, by: L.a, requester: L.a, timestamp: 3_000, eventID: "$h2", rules: ["invalid_transition"])
        // Delete after a request: requester falls back to the room creator (A).
        let delete = L.friendship("$h2", by: ub, content: L.action("delete"), ts: 3_000)
        try expectCandidate(try L.derive(state: L.dmState() + [delete], history: [request, delete]),
                            .delete, by: L.b, requester: L.a, timestamp: 3_000, eventID: "$h2", rules: ["invalid_transition"])
        // Cancel with no pending request (first event of a complete history).
        let cancel = L.friendship("$h1", by: ub, content: L.action("cancel"), ts: 2_000)
        try expectCandidate(try L.derive(state: L.dmState() + [cancel], history: [cancel]),
                            .cancel, by: L.b, requester: L.b, timestamp: 2_000, eventID: "$h1", rules: ["invalid_transition"])
        // Reject after an accept.
        let reject = L.friendship("$h3", by: ua, content: L.action("reject"), ts: 4_000)
        try expectCandidate(try L.derive(state: L.dmState() + [reject], history: [request, accept, reject]),
                            .reject, by: L.a, requester: L.b, timestamp: 4_000, eventID: "$h3", rules: ["invalid_transition"])
        // A regular delete after an accept: no rule; requester is the accepter's counterpart.
        let unfriend = L.friendship("$h3", by: ub, content: L.action("delete"), ts: 4_000)
        try expectCandidate(try L.derive(state: L.dmState(creator: ub) + [unfriend], history: [request, accept, unfriend]),
                            .delete, by: L.b, requester: L.a, timestamp: 4_000, eventID: "$h3", rules: [])
    }

    @Test("#8 crossed_requests: requests both ways in one room stay a request by the later sender")
    func row08() throws {
        let first = L.friendship("$h1", by: ua, content: L.action("request"), ts: 2_000)
        let second = L.friendship("$h2", by: ub, content: L.action("request", message: "me too"), ts: 3_000)
        let pa = L.friendship("$pa", by: ua, key: ua, content: L.action("request"), ts: 2_000)
        let pb = L.friendship("$pb", by: ub, key: ub, content: L.action("request"), ts: 3_000)
        let d = try L.derive(state: L.dmState() + [second, pa, pb], history: [first, second])
        try expectCandidate(d, .request, by: L.b, requester: L.b, message: "me too", timestamp: 3_000, eventID: "$h2",
                            rules: ["crossed_requests"])
    }
}
