/// A command-line program made of subcommands: dispatches words to a `Command`, prints help and
/// versions, and maps errors to exit codes (`ExitCode`).
public struct CommandLineTool: Sendable {
    /// The executable name, as help and usage lines spell it.
    public var name: String
    /// The text after `--version`'s name.
    public var version: String
    private let root: CommandNode

    /// A tool with the given subcommands.
    /// - Parameters:
    ///   - name: executable name.
    ///   - abstract: the root OVERVIEW line.
    ///   - discussion: optional paragraphs under the OVERVIEW.
    ///   - version: printed by `--version` as `<name> <version>`.
    ///   - commands: subcommands, in the order help lists them.
    public init(name: String, abstract: String, discussion: String? = nil, version: String, commands: [any Command.Type]) {
        self.name = name
        self.version = version
        let subcommands = commands.map(CommandNode.init)
        let line = "\(name) \(version)"
        root = CommandNode(
            name: name, abstract: abstract, discussion: discussion,
            options: [.flag("version", help: "Show the version.")], subcommands: subcommands
        ) { arguments, context in
            guard arguments.flag("version") else {
                throw UsageError("Missing subcommand; expected one of: \(subcommands.map(\.name).joined(separator: ", "))")
            }
            context.stdout.line(line)
            return ExitCode.success
        }
    }

    /// Runs one command line.
    /// - Parameters:
    ///   - arguments: the words after the executable name.
    ///   - context: output streams and environment; `commandPath` is set to the dispatched path.
    /// - Returns: the exit code (0 success, 1 runtime failure, 2 usage error).
    public func run(arguments: [String], context: CommandContext) async -> Int32 {
        await dispatch(root, words: arguments[...], path: [name], context: context)
    }

    /// The text `<name> <path…> --help` prints, or nil when `path` names no command.
    public func helpText(for path: [String]) -> String? {
        var node = root
        for word in path {
            guard let next = node.subcommand(named: word) else { return nil }
            node = next
        }
        return HelpFormatter.help(for: node, path: [name] + path)
    }

    private func dispatch(_ node: CommandNode, words: ArraySlice<String>, path: [String], context: CommandContext) async -> Int32 {
        if !node.subcommands.isEmpty, let first = words.first, !first.hasPrefix("-") {
            if first == "help" { return help(node, words: words.dropFirst(), path: path, context: context) }
            guard let next = node.subcommand(named: first) else {
                return reportUsage(UsageError("Unknown subcommand '\(first)'"), node: node, path: path, context: context)
            }
            return await dispatch(next, words: words.dropFirst(), path: path + [first], context: context)
        }
        let list = Array(words)
        // As swift-argument-parser does, a command group run without a subcommand shows its help.
        if CommandLineParser.asksForHelp(list) || (list.isEmpty && !node.subcommands.isEmpty) {
            context.stdout.write(HelpFormatter.help(for: node, path: path))
            return ExitCode.success
        }
        var commandContext = context
        commandContext.commandPath = path
        // Until the configuration is resolved, errors use the format the words or the environment ask for.
        var logFormat = Self.earlyLogFormat(list, environment: context.environment, prefix: environmentPrefix)
        do {
            let options = node.allOptions
            let values = try CommandLineParser.parse(list, options: options, arguments: node.arguments)
            let resolver = ConfigurationResolver(
                options: options, prefix: environmentPrefix, environment: context.environment, commandName: path.joined(separator: " "))
            let resolved = try resolver.resolve(values)
            if node.isLeaf {
                // Logging first, so that the warnings and errors below already use the configured format.
                let logger = try Self.makeLogger(resolved.arguments, stderr: context.stderr)
                logger.addSecrets(resolved.arguments.secretValues)
                logFormat = logger.format
                commandContext.log = logger
                if logger.format == .json {
                    commandContext.stderr = LogLineOutput(logger: logger)
                    commandContext.isStandardErrorTerminal = false
                }
                for warning in resolved.warnings { logger.warning(warning) }
                if context.scrubsProcessArguments { ProcessArguments.scrub(resolved.arguments.secretValues) }
                if let format = resolved.printConfig {
                    let command = path.joined(separator: " ")
                    context.stdout.write(
                        format == "json" ? ConfigurationPrinter.json(resolved, command: command) : ConfigurationPrinter.text(resolved, command: command))
                    return ExitCode.success
                }
            }
            if let missing = values.missingPositionals.first { throw UsageError("Missing expected argument '<\(missing.name)>'") }
            if let missing = resolved.missingRequired.first { throw resolver.missingError(missing) }
            return try await node.run(resolved.arguments, commandContext)
        } catch let error as UsageError {
            return reportUsage(error, node: node, path: path, context: commandContext, format: logFormat, stderr: context.stderr)
        } catch {
            let message = commandContext.log.redact("\(error)")
            report(message, fields: [("exit_code", .int(Int64(ExitCode.failure)))], text: "Error: \(message)\n",
                   context: commandContext, format: logFormat, stderr: context.stderr)
            return ExitCode.failure
        }
    }

    /// The variable prefix of this tool (`SOCIAL_BRIDGE`).
    var environmentPrefix: String { EnvironmentNames.prefix(forTool: name) }

    /// The logger `--log-format`, `--log-level` and `--log-file` ask for.
    static func makeLogger(_ arguments: ParsedArguments, stderr: any TextOutput) throws(UsageError) -> Logger {
        let format = LogFormat(rawValue: arguments.string(CommonOptions.logFormat.name) ?? "") ?? .text
        let level = LogLevel(rawValue: arguments.string(CommonOptions.logLevel.name) ?? "") ?? .info
        guard let path = arguments.string(CommonOptions.logFile.name) else {
            return Logger(format: format, minimumLevel: level, output: stderr)
        }
        do { return try Logger(format: format, minimumLevel: level, filePath: path) } catch { throw UsageError(error.description) }
    }

    /// `--log-format json` in the words (or the environment) before they are fully parsed.
    static func earlyLogFormat(_ words: [String], environment: [String: String], prefix: String) -> LogFormat {
        for (index, word) in words.enumerated() {
            if word == "--" { break }
            if word == "--log-format=json" { return .json }
            if word == "--log-format", index + 1 < words.count { return words[index + 1] == "json" ? .json : .text }
        }
        return environment[EnvironmentNames.variable(CommonOptions.logFormat.name, prefix: prefix)] == "json" ? .json : .text
    }

    /// Writes an error: as text on stderr, or as one JSON event; also to the log file when there is one.
    private func report(
        _ message: String, fields: [(String, LogValue)], text: String, context: CommandContext, format: LogFormat, stderr: any TextOutput
    ) {
        if format == .json {
            stderr.write(Logger(format: .json, output: stderr).render(.error, message, fields))
        } else {
            stderr.write(text)
        }
        if context.log.filePath != nil { context.log.error(message, fields) }
    }

    /// `help [<subcommand> …]`: the same text as `<subcommand> … --help`.
    private func help(_ group: CommandNode, words: ArraySlice<String>, path: [String], context: CommandContext) -> Int32 {
        var node = group
        var nodePath = path
        for word in words {
            guard let next = node.subcommand(named: word) else {
                return reportUsage(UsageError("Unknown subcommand '\(word)'"), node: node, path: nodePath, context: context)
            }
            node = next
            nodePath.append(word)
        }
        context.stdout.write(HelpFormatter.help(for: node, path: nodePath))
        return ExitCode.success
    }

    private func reportUsage(_ error: UsageError, node: CommandNode, path: [String], context: CommandContext) -> Int32 {
        reportUsage(error, node: node, path: path, context: context, format: .text, stderr: context.stderr)
    }

    private func reportUsage(
        _ error: UsageError, node: CommandNode, path: [String], context: CommandContext, format: LogFormat, stderr: any TextOutput
    ) -> Int32 {
        var redacted = error
        redacted.message = context.log.redact(error.message)
        let fields: [(String, LogValue)] = [
            ("exit_code", .int(Int64(ExitCode.usage))), ("usage", .string(HelpFormatter.usage(for: node, path: path))),
            ("help", .string("\(path.joined(separator: " ")) --help")),
        ]
        report(redacted.message, fields: fields, text: HelpFormatter.usageError(redacted, node: node, path: path),
               context: context, format: format, stderr: stderr)
        return ExitCode.usage
    }
}
