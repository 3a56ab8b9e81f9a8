import Foundation

/// A Matrix event in client format, as the admin room state and messages APIs return it.
///
/// Only what the derivation needs; unknown members are ignored. `content` stays `nil` when the
/// event has none (the derivation treats that like a redacted event).
public struct ClientEvent: Sendable, Hashable, Codable {
    public var eventID: String
    public var type: String
    public var stateKey: String?
    public var sender: String
    public var originServerTS: Int64
    public var content: LegacyJSON?

    /// Builds an event (tests and adapters).
    public init(eventID: String, type: String, stateKey: String?, sender: String, originServerTS: Int64, content: LegacyJSON?) {
        self.eventID = eventID
        self.type = type
        self.stateKey = stateKey
        self.sender = sender
        self.originServerTS = originServerTS
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", type, stateKey = "state_key", sender, originServerTS = "origin_server_ts", content
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eventID = try container.decode(String.self, forKey: .eventID)
        type = try container.decode(String.self, forKey: .type)
        stateKey = try container.decodeIfPresent(String.self, forKey: .stateKey)
        sender = try container.decode(String.self, forKey: .sender)
        // Synapse sends integers; tolerate a float so one odd event never aborts a page.
        if let ts = try? container.decode(Int64.self, forKey: .originServerTS) {
            originServerTS = ts
        } else {
            originServerTS = Int64(try container.decode(Double.self, forKey: .originServerTS))
        }
        content = try container.decodeIfPresent(LegacyJSON.self, forKey: .content)
    }

    /// Decodes a JSON array of client events, skipping elements that are not events.
    /// - Throws: `DecodingError` when the text is not a JSON array.
    public static func decodeArray(_ data: Data) throws -> [ClientEvent] {
        let raw = try JSONDecoder().decode([LegacyJSON].self, from: data)
        return raw.compactMap { element in
            guard let encoded = try? JSONEncoder().encode(element) else { return nil }
            return try? JSONDecoder().decode(ClientEvent.self, from: encoded)
        }
    }
}
