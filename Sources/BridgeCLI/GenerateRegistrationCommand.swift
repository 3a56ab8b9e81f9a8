import Foundation
import Sync

/// `social-bridge generate-registration`: writes the Synapse application-service registration for
/// `serve --sync appservice` and `--mirror`.
struct GenerateRegistrationCommand: Command {
    static let name = "generate-registration"
    static let abstract = "Write the Synapse appservice registration YAML (fresh as_token and hs_token)."
    static let discussion: String? = """
        The file lets Synapse push the events of rooms between address users to the bridge and lets the
        bridge act as those users (users namespace @0x…:<server name>, aliases namespace
        #0x…+0x…:<server name>, both non-exclusive; rate_limited: false). It is created with mode 0600
        and never overwritten unless --force. Add its path to homeserver.yaml:
            app_service_config_files:
              - /path/to/registration.yaml
        then restart Synapse and run serve with --registration pointing at the same file.
        """
    static let options: [OptionSpec] = [
        .option("url", valueName: "url", help: "Where Synapse reaches the bridge (the serve --listen address, e.g. http://127.0.0.1:8085).", required: true),
        .option("server-name", valueName: "name", help: "The homeserver's server name (the part after ':' in user ids).", required: true),
        .option("output", valueName: "file", help: "The registration file to write.", required: true),
        .option("id", valueName: "id", help: "The registration's id.", defaultValue: "socialbridge"),
        .option("sender-localpart", valueName: "localpart", help: "Localpart of the appservice's own user.", defaultValue: "socialbridge"),
        .flag("force", help: "Replace an existing file."),
    ]

    static func run(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let url: String = try arguments.required("url")
        let serverName: String = try arguments.required("server-name")
        let output: String = try arguments.required("output")
        let id: String = try arguments.required("id")
        let sender: String = try arguments.required("sender-localpart")
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw UsageError("--url must be an http:// or https:// URL, got \"\(url)\"")
        }
        guard !serverName.isEmpty, !serverName.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw UsageError("--server-name must be a server name such as example.org, got \"\(serverName)\"")
        }
        guard !id.isEmpty, !sender.isEmpty, !sender.contains(":"), !sender.hasPrefix("@") else {
            throw UsageError("--id and --sender-localpart must be non-empty (a localpart has no @ or :)")
        }
        let registration = try AppServiceRegistration.generate(url: url, serverName: serverName, id: id, senderLocalpart: sender)
        try write(registration.yaml, to: output, replacing: arguments.flag("force"))
        context.stdout.line("wrote \(output) (mode 0600): appservice \(id) at \(url) for \(serverName)")
        context.stdout.line("add to homeserver.yaml, then restart Synapse:")
        context.stdout.line("  app_service_config_files:")
        context.stdout.line("    - \(URL(fileURLWithPath: output).standardizedFileURL.path)")
        return ExitCode.success
    }

    /// Creates the file with mode 0600 from the start (never readable by others, even briefly); refuses an
    /// existing file unless `replacing`.
    static func write(_ text: String, to path: String, replacing: Bool) throws {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | (replacing ? 0 : O_EXCL)
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw UsageError("\(path) exists; pass --force to replace it") }
            throw RegistrationFileError(message: "cannot create \(path): \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        // An existing file replaced with --force keeps its inode: make its mode 0600 too.
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw RegistrationFileError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
    }
}

/// The registration file could not be written.
struct RegistrationFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
