import BridgeCrypto

/// The server side of the opening handshake (RFC 6455 §4.2): validation of the upgrade request and
/// the 101 answer.
enum WebSocketHandshake {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The outcome for a request that asked for a WebSocket upgrade.
    enum Outcome: Sendable {
        /// Accept: send `response` (101) and switch protocols.
        case accept(response: HTTPResponse, subprotocol: String?)
        /// Refuse with this response, then close.
        case reject(HTTPResponse)
    }

    /// Whether the request asks for a WebSocket upgrade at all (an `Upgrade` header naming websocket).
    static func isUpgradeRequest(_ request: HTTPRequest) -> Bool {
        request.headers.tokens("Upgrade").contains("websocket")
    }

    /// `Sec-WebSocket-Accept` for a client key: base64(SHA-1(key + GUID)).
    static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + guid).utf8)))
    }

    /// Validates an upgrade request and builds the answer. The subprotocol chosen is the first one the
    /// client offers, as the reference server (uWS, which echoes `sec-websocket-protocol`) does.
    static func evaluate(_ request: HTTPRequest) -> Outcome {
        guard request.method == "GET" else {
            return .reject(HTTPResponse(status: 405, headers: [("Allow", "GET")], body: Array("WebSocket upgrade requires GET".utf8)))
        }
        guard request.version == "HTTP/1.1" else { return .reject(.text("WebSocket upgrade requires HTTP/1.1", status: 400)) }
        guard request.headers.values("Host").count == 1 else { return .reject(.text("exactly one Host header required", status: 400)) }
        guard request.headers.tokens("Connection").contains("upgrade") else {
            return .reject(.text("Connection header must contain upgrade", status: 400))
        }
        guard request.headers.tokens("Upgrade").contains("websocket") else {
            return .reject(.text("Upgrade header must name websocket", status: 400))
        }
        let versions = request.headers.values("Sec-WebSocket-Version")
        guard versions.count == 1, HTTPHeaders.trim(Substring(versions[0])) == "13" else {
            return .reject(HTTPResponse(status: 426, headers: [("Sec-WebSocket-Version", "13")], body: Array("unsupported WebSocket version".utf8)))
        }
        let keys = request.headers.values("Sec-WebSocket-Key")
        guard keys.count == 1, let decoded = Base64.decode(keys[0]), decoded.count == 16 else {
            return .reject(.text("Sec-WebSocket-Key must be base64 of 16 bytes", status: 400))
        }
        let subprotocol = request.headers.tokens("Sec-WebSocket-Protocol").first.flatMap { _ in
            // Keep the client's spelling (tokens() lowercases).
            request.headers.values("Sec-WebSocket-Protocol").flatMap { $0.split(separator: ",") }
                .map { HTTPHeaders.trim($0) }.first { !$0.isEmpty }
        }
        var headers: HTTPHeaders = [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", acceptValue(forKey: keys[0])),
        ]
        if let subprotocol { headers.append(name: "Sec-WebSocket-Protocol", value: subprotocol) }
        return .accept(response: HTTPResponse(status: 101, headers: headers), subprotocol: subprotocol)
    }
}
