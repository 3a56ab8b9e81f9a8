import Foundation
import SocialDomain

/// Parses the profile service's answer to `POST {url}/profiles` (catalyst-lambdas-style profiles, spec §4.7).
///
/// From `avatars[0]`: address = `userId` (lowercased), name = `name`, or `unclaimedName` when `name` is
/// empty, `has_claimed_name` = `hasClaimedName` (false when absent), picture = `avatar.snapshots.face256`,
/// colour = `nameColor {r,g,b}` when present. An entry lacking `userId`, both names or `face256` is treated
/// as missing, as the reference does; one malformed entry never spoils the others.
public enum ProfileServiceResponse {
    /// Why a body could not be read at all.
    public enum ParseError: Error, Equatable, Sendable {
        /// Not JSON.
        case notJSON
        /// JSON, but neither an array of profiles nor an object with a `profiles` array.
        case unexpectedShape
    }

    /// The profiles a body describes, keyed by address.
    /// - Throws: `ParseError` when the body is not JSON or not a list of profiles.
    public static func parse(_ body: [UInt8]) throws(ParseError) -> [Address: Profile] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) } catch { throw .notJSON }
        let entries: [Any]
        if let array = root as? [Any] {
            entries = array
        } else if let object = root as? [String: Any], let array = object["profiles"] as? [Any] {
            entries = array
        } else {
            throw .unexpectedShape
        }
        var result: [Address: Profile] = [:]
        for entry in entries {
            if let profile = profile(from: entry) { result[profile.address] = profile }
        }
        return result
    }

    /// The request body for `addresses`: `{"ids":["0x…",…]}`.
    public static func requestBody(for addresses: [Address]) -> [UInt8] {
        let ids = addresses.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        return Array("{\"ids\":[\(ids)]}".utf8)
    }

    static func profile(from entry: Any) -> Profile? {
        guard let object = entry as? [String: Any],
              let avatars = object["avatars"] as? [Any],
              let avatar = avatars.first as? [String: Any],
              let userID = avatar["userId"] as? String,
              let address = Address(userID) else { return nil }
        let claimed = (avatar["name"] as? String) ?? ""
        let unclaimed = (avatar["unclaimedName"] as? String) ?? ""
        let name = claimed.isEmpty ? unclaimed : claimed
        guard !name.isEmpty else { return nil }
        guard let body = avatar["avatar"] as? [String: Any],
              let snapshots = body["snapshots"] as? [String: Any],
              let face = snapshots["face256"] as? String, !face.isEmpty else { return nil }
        return Profile(
            address: address, name: name,
            hasClaimedName: (avatar["hasClaimedName"] as? Bool) ?? false,
            pictureURL: face, nameColor: color(from: avatar["nameColor"]))
    }

    private static func color(from value: Any?) -> Profile.Color? {
        guard let object = value as? [String: Any],
              let r = number(object["r"]), let g = number(object["g"]), let b = number(object["b"]) else { return nil }
        return Profile.Color(r: r, g: g, b: b)
    }

    private static func number(_ value: Any?) -> Float? {
        // JSONSerialization hands numbers back as NSNumber; strings and nulls are not colours.
        guard let number = value as? NSNumber else { return nil }
        return number.floatValue
    }
}
