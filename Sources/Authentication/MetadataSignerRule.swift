import Foundation

/// The middleware's `metadataValidator = rejectIfSigner('decentraland-kernel-scene')` (§3.5 step 3), plus the
/// 6.3 refinement that refuses keys which only case-fold to `signer`.
enum MetadataSignerRule {
    static let forbiddenSigner = "decentraland-kernel-scene"

    /// - Throws: `.badMetadata` when the metadata is not JSON or its signer is not a trimmed lowercase string;
    ///   `.sceneSigner` when the signer is the scene.
    static func check(_ metadata: String?) throws(AuthenticationError) {
        // A missing or empty header parses as {} in the reference.
        guard let metadata, !metadata.isEmpty else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(metadata.utf8), options: [.fragmentsAllowed]),
              !(object is NSNull)
        else { throw AuthenticationError(.badMetadata, "x-identity-metadata is not JSON") }
        guard let fields = object as? [String: Any] else { return }
        if fields.keys.contains(where: { $0 != "signer" && $0.lowercased() == "signer" }) {
            throw AuthenticationError(.badMetadata, "metadata has a signer key in another case")
        }
        guard let signer = fields["signer"] else { return }
        guard let text = signer as? String else { throw AuthenticationError(.badMetadata, "metadata signer is not a string") }
        guard text == text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() else {
            throw AuthenticationError(.badMetadata, "metadata signer is not trimmed lowercase")
        }
        guard text != forbiddenSigner else {
            throw AuthenticationError(.sceneSigner, "scene-signed requests are refused")
        }
    }
}
