import Protobuf

/// Throughput of the hand-written codec on a typical large answer (a full friends page), for the
/// `social-bridge bench` command. Not used by the server.
public enum CodecBenchmark {
    /// What one run measured.
    public struct Figures: Sendable, Equatable {
        /// Friends in the encoded page.
        public var friendsPerPage: Int
        /// Encoded size of one page in bytes.
        public var pageBytes: Int
        /// Pages encoded per second.
        public var encodesPerSecond: Double
        /// Pages decoded per second.
        public var decodesPerSecond: Double
        /// Decoded megabytes (10^6 bytes) per second.
        public var decodeMegabytesPerSecond: Double
        /// Whether the decoded page equals the one encoded (always true unless the codec has a bug).
        public var roundTripsExactly: Bool
    }

    /// Encodes and decodes a `PaginatedFriendsProfilesResponse` of `friendsPerPage` profiles `iterations` times.
    /// - Parameters:
    ///   - friendsPerPage: profiles in the page (the reference's maximum page is 100).
    ///   - iterations: encode/decode rounds; at least 1.
    /// - Throws: `ProtobufError` only if the codec cannot read its own output (a bug).
    public static func run(friendsPerPage: Int = 100, iterations: Int = 2_000) throws(ProtobufError) -> Figures {
        let rounds = max(iterations, 1)
        let page = samplePage(friends: max(friendsPerPage, 0))
        let clock = ContinuousClock()
        var bytes: [UInt8] = []
        let encodeStart = clock.now
        for _ in 0..<rounds { bytes = page.serializedBytes() }
        let encodeTime = encodeStart.duration(to: clock.now)
        var decoded = PaginatedFriendsProfilesResponse()
        let decodeStart = clock.now
        for _ in 0..<rounds { decoded = try PaginatedFriendsProfilesResponse(serializedBytes: bytes) }
        let decodeTime = decodeStart.duration(to: clock.now)
        let encodeSeconds = seconds(encodeTime), decodeSeconds = seconds(decodeTime)
        return Figures(
            friendsPerPage: page.friends.count, pageBytes: bytes.count,
            encodesPerSecond: Double(rounds) / encodeSeconds,
            decodesPerSecond: Double(rounds) / decodeSeconds,
            decodeMegabytesPerSecond: Double(rounds * bytes.count) / decodeSeconds / 1_000_000,
            roundTripsExactly: decoded == page)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return max(Double(whole) + Double(attoseconds) / 1e18, 1e-9)
    }

    private static func samplePage(friends: Int) -> PaginatedFriendsProfilesResponse {
        var profiles: [FriendProfile] = []
        for index in 0..<friends {
            let digit = String(index % 10)
            let blue = Float(index % 4) / 4
            profiles.append(FriendProfile(
                address: "0x" + String(repeating: digit, count: 40), name: "friend\(index)",
                hasClaimedName: index % 2 == 0,
                profilePictureUrl: "https://profile-images.decentraland.org/entities/bafkrei\(index)/face.png",
                nameColor: Color3(r: 0.25, g: 0.5, b: blue)))
        }
        return PaginatedFriendsProfilesResponse(friends: profiles, paginationData: PaginatedResponse(total: Int32(friends), page: 1))
    }
}
