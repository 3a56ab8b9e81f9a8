import CurlHTTP
import Foundation

/// Why the contract-wallet validation service gave no verdict. Never includes the chain.
public enum ContractWalletValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No HTTP response (connection refused, timeout, …).
    case transport(HTTPClientError)
    /// The service answered with a non-2xx status.
    case status(Int)
    /// The 2xx body was not `{"valid": bool, "ownerAddress": string?}`.
    case malformedResponse

    /// A loggable explanation.
    public var description: String {
        switch self {
        case .transport(let error): return "validation service unreachable: \(error)"
        case .status(let status): return "validation service answered HTTP \(status)"
        case .malformedResponse: return "validation service answered an unexpected body"
        }
    }
}

/// Checks EIP-1654 chains with a remote validation service, as the reference middleware does:
/// `POST {url}` with `{"authChain": [{type, payload, signature}, …], "timestamp": "<signed payload>"}`,
/// expecting `{"valid": bool, "ownerAddress": "0x…"}` (e.g. `https://peer.decentraland.org/lambdas/crypto/validate-signature`).
/// Sent through an `HTTPTransport`, in production the libcurl `CurlHTTPClient`.
public struct HTTPContractWalletValidator: ContractWalletValidator {
    private let url: String
    private let transport: any HTTPTransport
    private let timeoutMilliseconds: Int

    /// - Parameters:
    ///   - url: the validation endpoint, absolute.
    ///   - transport: the HTTP client.
    ///   - timeoutMilliseconds: total time allowed per validation (the socket waits on it before SERVER_READY).
    public init(url: String, transport: any HTTPTransport, timeoutMilliseconds: Int = 10_000) {
        self.url = url
        self.transport = transport
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// - Throws: `ContractWalletValidationError` when no verdict could be obtained.
    public func validate(authChain: [AuthLink], signedPayload: String) async throws -> ContractWalletVerdict {
        let links = authChain.map { ["type": $0.type.rawValue, "payload": $0.payload, "signature": $0.signature] }
        let body: [String: Any] = ["authChain": links, "timestamp": signedPayload]
        let bytes = try JSONSerialization.data(withJSONObject: body)
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        headers.set("Accept", "application/json")
        // Validation has no side effects, so a retrying transport may repeat it.
        let request = HTTPRequest(method: .post, url: url, headers: headers, body: Array(bytes),
                                  timeoutMilliseconds: timeoutMilliseconds, isIdempotent: true)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw ContractWalletValidationError.transport(error)
        }
        guard response.isSuccess else { throw ContractWalletValidationError.status(response.status) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let valid = object["valid"] as? Bool
        else { throw ContractWalletValidationError.malformedResponse }
        let owner = object["ownerAddress"] as? String
        return ContractWalletVerdict(valid: valid, ownerAddress: owner)
    }
}
