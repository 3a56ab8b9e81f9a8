import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file holding secrets that cannot be used: unreadable, or readable by other users.
public struct SecretFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What it is for (`--admin-token-file`, `config file`), as the message names it.
    public var purpose: String
    /// What is wrong, with the fix when there is one.
    public var problem: String

    public var description: String { "refusing \(purpose) \(path): \(problem)" }
}

/// Reads files that hold secrets (token files, config files with tokens, registration files) the way
/// ssh reads private keys: a file that other users can read is refused, saying why and how to fix it.
public enum SecretFile {
    /// Files larger than this are refused (a token file is one line; a registration a few hundred bytes).
    public static let maxBytes = 1 << 20

    /// Reads the whole file, refusing it when group or world may read it.
    /// - Parameters:
    ///   - path: the file (symbolic links are followed, as for Kubernetes secret volumes).
    ///   - purpose: what the file is for, as error messages name it (`--admin-token-file`).
    /// - Throws: `SecretFileError` when the file cannot be read, is a directory, is too large or is
    ///   group/world-readable.
    public static func read(_ path: String, purpose: String) throws(SecretFileError) -> [UInt8] {
        let (bytes, mode) = try readWithMode(path, purpose: purpose)
        try checkMode(mode, path: path, purpose: purpose)
        return bytes
    }

    /// Reads a file holding one secret value (a token, a hex key): surrounding whitespace and the final
    /// newline are dropped.
    /// - Throws: `SecretFileError` as `read(_:purpose:)` does, or when the file is empty or holds more than one line.
    public static func readValue(_ path: String, purpose: String) throws(SecretFileError) -> String {
        let bytes = try read(path, purpose: purpose)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw SecretFileError(path: path, purpose: purpose, problem: "the file is empty") }
        guard !text.contains(where: \.isNewline) else {
            throw SecretFileError(path: path, purpose: purpose, problem: "the file holds more than one line; it must hold only the secret")
        }
        return text
    }

    /// Checks the permissions of a secret-bearing file without keeping its contents.
    /// - Throws: `SecretFileError` as `read(_:purpose:)` does.
    public static func checkPermissions(_ path: String, purpose: String) throws(SecretFileError) {
        _ = try read(path, purpose: purpose)
    }

    /// The file's bytes and permission bits, read from one open descriptor (no check-then-open race).
    static func readWithMode(_ path: String, purpose: String) throws(SecretFileError) -> ([UInt8], mode_t) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SecretFileError(path: path, purpose: purpose, problem: "cannot open it (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SecretFileError(path: path, purpose: purpose, problem: "cannot stat it (\(String(cString: strerror(errno))))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw SecretFileError(path: path, purpose: purpose, problem: "it is a directory")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SecretFileError(path: path, purpose: purpose, problem: "cannot read it (\(String(cString: strerror(errno))))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maxBytes else {
                throw SecretFileError(path: path, purpose: purpose, problem: "it is larger than \(maxBytes) bytes")
            }
        }
        return (bytes, info.st_mode)
    }

    /// Refuses permission bits that let the group or others read the file.
    static func checkMode(_ mode: mode_t, path: String, purpose: String) throws(SecretFileError) {
        let permissions = mode & 0o777
        guard permissions & 0o044 == 0 else {
            let who = permissions & 0o004 != 0 ? "every local user" : "its group"
            throw SecretFileError(
                path: path, purpose: purpose,
                problem: "its mode \(octal(permissions)) lets \(who) read it (group/world-readable); secrets must be readable "
                    + "by their owner only: run chmod 600 \(path)")
        }
    }

    static func octal(_ permissions: mode_t) -> String {
        let digits = String(permissions, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// `read(2)`, named apart from `SecretFile.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
