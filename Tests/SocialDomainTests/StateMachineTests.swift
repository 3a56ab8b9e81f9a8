import Testing
import SocialDomain

/// Every (last action, last actor, new action, new actor) combination against a table written from
/// rpc-protocol §4.2, independently of `FriendshipStateMachine`'s code.
@Suite struct StateMachineTests {
    static let a = Address("0x" + String(repeating: "a", count: 40))!
    static let b = Address("0x" + String(repeating: "b", count: 40))!

    /// Who may perform the new action given the last one.
    enum Rule { case nobody, anyone, sameActor, otherActor }

    /// Rows: the last action (nil = no history). Columns: the new action.
    ///            request   accept       reject       cancel      delete   block
    static let table: [(FriendshipAction?, [FriendshipAction: Rule])] = [
        (nil, [.request: .anyone, .accept: .nobody, .reject: .nobody, .cancel: .nobody, .delete: .nobody, .block: .anyone]),
        (.request, [.request: .nobody, .accept: .otherActor, .reject: .otherActor, .cancel: .sameActor, .delete: .nobody, .block: .anyone]),
        (.accept, [.request: .nobody, .accept: .nobody, .reject: .nobody, .cancel: .nobody, .delete: .anyone, .block: .anyone]),
        (.reject, [.request: .anyone, .accept: .nobody, .reject: .nobody, .cancel: .nobody, .delete: .nobody, .block: .anyone]),
        (.cancel, [.request: .anyone, .accept: .nobody, .reject: .nobody, .cancel: .nobody, .delete: .nobody, .block: .anyone]),
        (.delete, [.request: .anyone, .accept: .nobody, .reject: .nobody, .cancel: .nobody, .delete: .nobody, .block: .anyone]),
        (.block, [.request: .nobody, .accept: .nobody, .reject: .nobody, .cancel: .nobody, .delete: .anyone, .block: .anyone]),
    ]

    static func expectedAllowed(_ rule: Rule, sameActor: Bool) -> Bool {
        switch rule {
        case .nobody: return false
        case .anyone: return true
        case .sameActor: return sameActor
        case .otherActor: return !sameActor
        }
    }

    @Test func tableCoversEveryTriple() {
        #expect(Self.table.count == 1 + FriendshipAction.allCases.count)
        for (_, row) in Self.table { #expect(Set(row.keys) == Set(FriendshipAction.allCases)) }
    }

    @Test func everyTransitionWithoutBlock() {
        var checked = 0
        for (lastAction, row) in Self.table {
            let lastActors: [Address?] = lastAction == nil ? [nil] : [Self.a, Self.b]
            for lastActor in lastActors {
                let last = lastAction.flatMap { action in lastActor.map { LastAction(action, by: $0) } }
                for newAction in FriendshipAction.allCases {
                    for actor in [Self.a, Self.b] {
                        let target = actor == Self.a ? Self.b : Self.a
                        let rule = row[newAction] ?? .nobody
                        let allowed = Self.expectedAllowed(rule, sameActor: lastActor == actor)
                        let verdict = FriendshipStateMachine.refusal(of: newAction, by: actor, towards: target, last: last, blockedEitherWay: false)
                        #expect(verdict == (allowed ? nil : .invalidTransition),
                                "last \(String(describing: lastAction)) by \(lastActor == Self.a ? "a" : "b"), \(newAction) by \(actor == Self.a ? "a" : "b")")
                        #expect(FriendshipStateMachine.isAllowed(newAction, by: actor, after: last) == allowed)
                        checked += 1
                    }
                }
            }
        }
        // (1 + 6×2) last states × 6 actions × 2 actors.
        #expect(checked == 13 * 6 * 2)
    }

    @Test func blockEitherWayRefusesEveryFriendshipAction() {
        for (lastAction, _) in Self.table {
            for lastActor in [Self.a, Self.b] {
                let last = lastAction.map { LastAction($0, by: lastActor) }
                for newAction in FriendshipAction.allCases {
                    for actor in [Self.a, Self.b] {
                        let target = actor == Self.a ? Self.b : Self.a
                        let verdict = FriendshipStateMachine.refusal(of: newAction, by: actor, towards: target, last: last, blockedEitherWay: true)
                        #expect(verdict == (newAction == .block ? nil : .blocked))
                    }
                }
            }
        }
    }

    @Test func requestToSelfIsCheckedFirst() {
        for blocked in [false, true] {
            for last in [nil, LastAction(.delete, by: Self.a)] {
                #expect(FriendshipStateMachine.refusal(of: .request, by: Self.a, towards: Self.a, last: last, blockedEitherWay: blocked) == .requestToSelf)
            }
        }
    }

    @Test func otherActionsTowardsSelfAreInvalid() {
        for action in FriendshipAction.allCases where action != .request {
            #expect(FriendshipStateMachine.refusal(of: action, by: Self.a, towards: Self.a, last: LastAction(.accept, by: Self.b), blockedEitherWay: false) == .invalidTransition)
        }
    }

    @Test func refusalMessagesMatchTheReference() {
        #expect(FriendshipStateMachine.Refusal.requestToSelf.message == "You cannot send a friendship request to yourself")
        #expect(FriendshipStateMachine.Refusal.blocked.message == "This action is not allowed because either you blocked this user or this user blocked you")
        #expect(FriendshipStateMachine.Refusal.invalidTransition.message == "The friendship action is not valid for the current friendship status")
    }

    @Test func onlyAcceptActivates() {
        for action in FriendshipAction.allCases {
            #expect(FriendshipStateMachine.isActive(after: action) == (action == .accept))
        }
    }
}
