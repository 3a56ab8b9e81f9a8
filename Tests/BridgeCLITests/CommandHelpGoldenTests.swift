import Testing
import BridgeCLI

/// The help of the commands whose options the operators work changed, pinned verbatim.
@Suite struct CommandHelpGoldenTests {
    static let migrateHelp = """
        OVERVIEW: Migrate legacy Matrix friendships into SQLite.

        Idempotent and resumable: run it again after an interruption and it finishes the job; run it again later and it applies only what changed on the legacy side.
        --users FILE restricts the run to the users listed in FILE, one per line, each a local Matrix user id (@0x…:server) or a bare address; blank lines and lines starting with # are skipped. Only pairs with a listed member and blocks made by a listed user are written (rooms are still all read to find them).
        Exit codes: 0 success, 1 failure, 2 usage error, 3 finished but some rooms could not be read (listed in the report; run again).

        USAGE: social-bridge migrate --homeserver <url> --admin-token-file <file> --db <file> [--mapping <name|file>] [--server-name <name>] [--blocks <file>] [--dry-run] [--concurrency <n>] [--report <file>] [--users <file>]

        OPTIONS:
          --homeserver <url>      Base URL of the legacy homeserver.
          --admin-token <token>   Access token of a server admin. (secret: prefer
                                  --admin-token-file or SOCIAL_BRIDGE_ADMIN_TOKEN)
          --admin-token-file <file>
                                  Read --admin-token from this file (refused when
                                  group/world-readable).
          --db <file>             SQLite database to write (created if missing).
          --mapping <name|file>   Legacy layout mapping: a built-in name (see 'mappings
                                  list') or a JSON file. (default: decentraland)
          --server-name <name>    Local server name (default: learnt from the admin
                                  token's whoami).
          --blocks <file>         JSON array of profiles or avatar entries whose
                                  'blocked' lists are imported.
          --dry-run               Read and plan everything, write nothing; report what
                                  would change.
          --concurrency <n>       Homeserver requests in flight. (default: 8)
          --report <file>         Write the JSON report there.
          --users <file>          Restrict to the users listed in this file (see above).
          -h, --help              Show help information.
        \(HelpGoldenTests.socialBridgeCommonSection)

        """

    static let serveHelp = """
        OVERVIEW: Serve the Social Service WebSocket RPC on a SQLite database.

        Listens for @dcl/rpc clients over WebSocket (no TLS: terminate it at a proxy). The
        database is created when missing. Credentials: auth chains by default, plus Matrix
        access tokens when --homeserver names the legacy homeserver. Ctrl-C or SIGTERM closes
        every connection and stops.

        During the transition, --sync follows new Matrix activity into the database (pushed by
        Synapse to /_matrix/app/v1 on this port with --registration, or polled), and --mirror
        writes every RPC action back into Matrix as the acting user through a durable outbox.
        SIGTERM finishes the Matrix writes in flight and leaves the rest of the outbox for the
        next start. Nothing is reloaded at runtime.

        The configuration is read once at start: nothing is reloaded at runtime (restart to change
        it). SIGHUP only reopens --log-file (for log rotation); without one it is ignored.

        USAGE: social-bridge serve --db <file> [--listen <host:port>] [--auth <kinds>] [--homeserver <url>] [--server-name <name>] [--profile-service <url>] [--admin-token-file <file>] [--registration <file>] [--sync <mode>] [--poll-interval <seconds>] [--reconcile-interval <seconds>] [--mirror] [--mapping <name|file>] [--away-after <seconds>] [--header-timeout <seconds>] [--max-pending-auth <n>]

        OPTIONS:
          --db <file>             The SQLite database (created if missing).
          --listen <host:port>    Address to listen on: IPv4, [IPv6] (e.g. [::1]:8085,
                                  [::]:8085) or localhost. (default: 127.0.0.1:8085)
          --auth <kinds>          Accepted credentials: authchain, matrix or both,
                                  comma-separated.
          --homeserver <url>      The legacy Matrix homeserver (for Matrix access
                                  tokens).
          --server-name <name>    The homeserver's Matrix server name (default: learned
                                  from --admin-token's whoami, else the URL's host).
          --profile-service <url>
                                  Profile service answering POST <url>/profiles.
          --admin-token <token>   Server-admin token of --homeserver: sync and mirror
                                  reads, display names and avatars. (secret: prefer
                                  --admin-token-file or SOCIAL_BRIDGE_ADMIN_TOKEN;
                                  alias: --homeserver-token)
          --admin-token-file <file>
                                  Read --admin-token from this file (refused when
                                  group/world-readable).
          --registration <file>   Appservice registration YAML written by
                                  generate-registration (hs_token, as_token).
          --sync <mode>           Follow new Matrix activity: appservice (pushed by
                                  Synapse, needs --registration), poll, or off (default:
                                  appservice with --registration, else off). (values:
                                  appservice, poll, off)
          --poll-interval <seconds>
                                  Seconds between passes with --sync poll. (default: 10)
          --reconcile-interval <seconds>
                                  Seconds between reconcile passes with --sync
                                  appservice. (default: 300)
          --mirror                Write every RPC action into Matrix as the acting user
                                  (durable outbox; needs --admin-token).
          --mapping <name|file>   Legacy layout mapping for sync and mirror: a built-in
                                  name (see 'mappings list') or a JSON file. (default:
                                  decentraland)
          --away-after <seconds>  Idle time before a user shows as AWAY (0: never).
                                  (default: 300)
          --header-timeout <seconds>
                                  Time a client has to send a complete HTTP request
                                  head; past it 408 and close. (default: 10)
          --max-pending-auth <n>  WebSocket connections allowed to wait for
                                  authentication at once; past it new upgrades get 503.
                                  (default: 10000)
          -h, --help              Show help information.
        \(HelpGoldenTests.socialBridgeCommonSection)

        """

    static let callHelp = """
        OVERVIEW: Call one SocialService procedure with a JSON payload and print the answer as JSON.

        Connects to --url, authenticates with a Matrix access token (--matrix-token-file) or with an auth chain signed here from an Ethereum private key (--private-key-file: a fresh ephemeral key is delegated for one hour, as Decentraland clients do), calls PROCEDURE with --json (field names as in the .proto file; see --describe) and prints the response as JSON on stdout. For a stream, the first element is printed; with --follow every element is printed, one JSON object per line, until the server ends the stream or Ctrl-C. 64-bit integers are printed as numbers.
        Exit codes: 0 success, 1 failure (refused credential, unreachable server, remote error), 2 usage error.

        PROCEDURES (* stream; - not offered by SocialBridge, answers an error variant):
             GetFriends
             GetMutualFriends
             GetPendingFriendshipRequests
             GetSentFriendshipRequests
             UpsertFriendship
          *  SubscribeToFriendshipUpdates
             GetFriendshipStatus
          *  SubscribeToFriendConnectivityUpdates
             BlockUser
             UnblockUser
             GetBlockedUsers
             GetBlockingStatus
          *  SubscribeToBlockUpdates
           - GetSocialSettings
           - UpsertSocialSettings
           - GetPrivateMessagesSettings
          *- SubscribeToCommunityMemberConnectivityUpdates
           - StartPrivateVoiceChat
           - AcceptPrivateVoiceChat
           - RejectPrivateVoiceChat
           - EndPrivateVoiceChat
           - GetIncomingPrivateVoiceChatRequest
          *- SubscribeToPrivateVoiceChatUpdates
           - StartCommunityVoiceChat
           - JoinCommunityVoiceChat
           - RequestToSpeakInCommunityVoiceChat
           - PromoteSpeakerInCommunityVoiceChat
           - DemoteSpeakerInCommunityVoiceChat
           - KickPlayerFromCommunityVoiceChat
           - RejectSpeakRequestInCommunityVoiceChat
           - EndCommunityVoiceChat
          *- SubscribeToCommunityVoiceChatUpdates
           - MuteSpeakerFromCommunityVoiceChat

        USAGE: social-bridge call [--url <ws-url>] [--matrix-token-file <file>] [--private-key-file <file>] [--json <payload>] [--follow] [--timeout <seconds>] [--describe] <procedure>

        ARGUMENTS:
          <procedure>             The rpc to call, e.g. GetFriends (see the list above).

        OPTIONS:
          --url <ws-url>          The server (ws:// only; terminate TLS elsewhere).
                                  (default: ws://127.0.0.1:8085/)
          --matrix-token <token>  Authenticate with this Matrix access token. (secret:
                                  prefer --matrix-token-file or
                                  SOCIAL_BRIDGE_MATRIX_TOKEN)
          --matrix-token-file <file>
                                  Read --matrix-token from this file (refused when
                                  group/world-readable).
          --private-key <hex>     Authenticate with an auth chain signed by this
                                  Ethereum private key (64 hex digits). (secret: prefer
                                  --private-key-file or SOCIAL_BRIDGE_PRIVATE_KEY)
          --private-key-file <file>
                                  Read --private-key from this file (refused when
                                  group/world-readable).
          --json <payload>        The request as JSON ('-' reads stdin). (default: {})
          --follow                For a stream: print every element until the stream
                                  ends or Ctrl-C.
          --timeout <seconds>     Bound on connecting, authenticating and each answer
                                  (not on --follow's waits). (default: 10)
          --describe              Print the request and response message fields of
                                  PROCEDURE and exit, without connecting.
          -h, --help              Show help information.
        \(HelpGoldenTests.socialBridgeCommonSection)

        """

    @Test(arguments: [("migrate", migrateHelp), ("serve", serveHelp), ("call", callHelp)])
    func helpIsPinned(command: String, expected: String) async {
        let out = CapturedOutput()
        let code = await BridgeCLI.run(arguments: [command, "--help"], context: CommandContext(stdout: out, stderr: CapturedOutput()))
        #expect(code == 0)
        #expect(out.text == expected)
    }
}
