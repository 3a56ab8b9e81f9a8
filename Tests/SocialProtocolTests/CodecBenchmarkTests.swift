import Testing
@testable import SocialProtocol

@Suite struct CodecBenchmarkTests {
    @Test func reportsFiguresForAFullPage() throws {
        let figures = try CodecBenchmark.run(friendsPerPage: 100, iterations: 3)
        #expect(figures.friendsPerPage == 100)
        #expect(figures.pageBytes > 100 * 100)
        #expect(figures.encodesPerSecond > 0)
        #expect(figures.decodesPerSecond > 0)
        #expect(figures.decodeMegabytesPerSecond > 0)
        #expect(figures.roundTripsExactly)
    }
}
