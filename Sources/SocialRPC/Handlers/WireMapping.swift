import SocialDomain
import SocialProtocol

/// Domain values → SocialService messages.
enum WireMapping {
    static func friendProfile(_ profile: Profile) -> FriendProfile {
        var message = FriendProfile()
        message.address = profile.address.rawValue
        message.name = profile.name
        message.hasClaimedName = profile.hasClaimedName
        message.profilePictureUrl = profile.pictureURL
        message.nameColor = profile.nameColor.map { Color3(r: $0.r, g: $0.g, b: $0.b) }
        return message
    }

    static func blockedUserProfile(_ blocked: SocialServiceCore.BlockedProfile) -> BlockedUserProfile {
        var message = BlockedUserProfile()
        message.address = blocked.profile.address.rawValue
        message.name = blocked.profile.name
        message.hasClaimedName = blocked.profile.hasClaimedName
        message.profilePictureUrl = blocked.profile.pictureURL
        message.blockedAt = blocked.blockedAt
        message.nameColor = blocked.profile.nameColor.map { Color3(r: $0.r, g: $0.g, b: $0.b) }
        return message
    }

    static func paginationData(total: Int, page: Int) -> PaginatedResponse {
        var data = PaginatedResponse()
        data.total = Int32(clamping: total)
        data.page = Int32(clamping: page)
        return data
    }

    static func user(_ address: Address) -> User {
        var user = User()
        user.address = address.rawValue
        return user
    }

    static func status(_ status: SocialDomain.FriendshipStatus) -> SocialProtocol.FriendshipStatus {
        SocialProtocol.FriendshipStatus(rawValue: status.rawValue)
    }

    static func connectivity(_ status: Connectivity) -> ConnectivityStatus {
        ConnectivityStatus(rawValue: status.rawValue)
    }

    /// FriendshipUpdate for a committed action (spec §4.8): a request carries the sender's profile,
    /// publication time, message and action id; the others only the sender's address.
    static func friendshipUpdate(_ event: FriendshipEvent) -> FriendshipUpdate {
        let sender = user(event.from)
        var update = FriendshipUpdate()
        switch event.action {
        case .request:
            var request = FriendshipUpdate.RequestResponse()
            request.friend = friendProfile(event.sender)
            request.createdAt = event.timestamp
            request.message = event.message
            request.id = event.actionID
            update.update = .request(request)
        case .accept: update.update = .accept(.init(user: sender))
        case .reject: update.update = .reject(.init(user: sender))
        case .delete: update.update = .delete(.init(user: sender))
        case .cancel: update.update = .cancel(.init(user: sender))
        case .block: update.update = .block(.init(user: sender))
        }
        return update
    }

    static func blockUpdate(_ event: BlockEvent) -> BlockUpdate {
        var update = BlockUpdate()
        update.address = event.blocker.rawValue
        update.isBlocked = event.isBlocked
        return update
    }

    static func connectivityUpdate(_ event: ConnectivityEvent) -> FriendConnectivityUpdate {
        FriendConnectivityUpdate(friend: friendProfile(event.friend), status: connectivity(event.status))
    }

    /// The single element a duplicate subscription gets before its stream closes (spec §4.8).
    static func duplicateClosed(event: String) -> SubscriptionStreamClosed {
        var closed = SubscriptionStreamClosed()
        closed.reason = .streamClosedDuplicateSubscription
        closed.message = "This connection already has an active \(event) subscription"
        return closed
    }
}
