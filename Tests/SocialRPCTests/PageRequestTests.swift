import Testing
@testable import SocialRPC

@Suite struct PageRequestTests {
    @Test func defaultsAndCapsPerRPC() {
        #expect(PageRequest(limit: nil, offset: nil, policy: .friends) == PageRequest(limit: 1000, offset: 0, policy: .friends))
        let friends = PageRequest(limit: nil, offset: nil, policy: .friends)
        #expect(friends.limit == 1000 && friends.offset == 0 && friends.page == 1)
        #expect(PageRequest(limit: 5000, offset: nil, policy: .mutualFriends).limit == 1000)
        #expect(PageRequest(limit: nil, offset: nil, policy: .friendshipRequests).limit == 100)
        #expect(PageRequest(limit: 500, offset: nil, policy: .friendshipRequests).limit == 200)
        #expect(PageRequest(limit: nil, offset: nil, policy: .blockedUsers).limit == 200)
        #expect(PageRequest(limit: 201, offset: nil, policy: .blockedUsers).limit == 200)
    }

    @Test func invalidValuesFallBackSilently() {
        #expect(PageRequest(limit: 0, offset: -5, policy: .friends).limit == 1000)
        #expect(PageRequest(limit: -3, offset: -5, policy: .friends).offset == 0)
        #expect(PageRequest(limit: 10, offset: 2_000_000, policy: .friends).offset == 100_000)
        #expect(PageRequest(limit: Int32.max, offset: Int32.max, policy: .friendshipRequests).limit == 200)
    }

    @Test func pageIsCeilOfOffsetOverLimitPlusOne() {
        #expect(PageRequest(limit: 50, offset: 0, policy: .friends).page == 1)
        #expect(PageRequest(limit: 50, offset: 1, policy: .friends).page == 2)
        #expect(PageRequest(limit: 50, offset: 50, policy: .friends).page == 2)
        #expect(PageRequest(limit: 50, offset: 51, policy: .friends).page == 3)
        #expect(PageRequest(limit: 1, offset: 100_000, policy: .friends).page == 100_001)
    }
}
