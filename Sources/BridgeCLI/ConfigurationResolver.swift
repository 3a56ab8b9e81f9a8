import Foundation

/// The configuration of one command run, every source merged: what the command receives, what
/// `--print-config` shows, and what the framework warns about.
struct ResolvedConfiguration: Sendable {
    /// The merged values (with their sources) the command runs with.
    var arguments: ParsedArguments
    /// The config file used, with where its path came from.
    var configFile: (path: String, source: ConfigurationSource)?
    /// One-line warnings to log before the command runs (secrets given on the command line).
    var warnings: [String]
    /// `text` or `json` when `--print-config` was given.
    var printConfig: String?
    /// Required options that no source set.
    var missingRequired: [OptionSpec]
}

/// Merges the command line, the environment and a config file into one `ParsedArguments`:
/// **flag > environment > file > default**, per option. A secret may come as a value or as a file
/// (`--admin-token-file`, `SOCIAL_BRIDGE_ADMIN_TOKEN_FILE`, `admin-token-file = …`); both forms in one
/// source are an error, and a stronger source wins whatever its form.
struct ConfigurationResolver {
    /// The command's options plus the common ones.
    var options: [OptionSpec]
    /// Environment variable prefix (`SOCIAL_BRIDGE`).
    var prefix: String
    /// The process environment.
    var environment: [String: String]
    /// `social-bridge export`, for error messages.
    var commandName: String

    /// Merges every source.
    /// - Throws: `UsageError` for an unreadable or malformed config file, an unknown key in it (naming the
    ///   key and the line), a secret-bearing file other users can read, a secret given twice in one source,
    ///   or a value that is not allowed.
    func resolve(_ commandLine: CommandLineValues) throws(UsageError) -> ResolvedConfiguration {
        var arguments = ParsedArguments(options: options)
        arguments.set(positionals: commandLine.positionals)
        var warnings: [String] = []
        let printConfig = commandLine.flags.contains(CommonOptions.printConfig.name)
            ? commandLine.values[CommonOptions.printConfig.name]?.first ?? "text" : nil

        var configFile: (path: String, source: ConfigurationSource)?
        if let path = commandLine.values[CommonOptions.config.name]?.last {
            configFile = (path, ConfigurationSource(kind: .flag, name: commandLine.spelled[CommonOptions.config.name] ?? "--config"))
        } else if let path = nonEmpty(environment[EnvironmentNames.variable(CommonOptions.config.name, prefix: prefix)]) {
            configFile = (path, ConfigurationSource(kind: .environment, name: EnvironmentNames.variable(CommonOptions.config.name, prefix: prefix)))
        }
        let file = try configFile.map { file throws(UsageError) in try ConfigFile.load(file.path) }
        let fileValues = try file.map { file throws(UsageError) in try validate(file) } ?? [:]

        for spec in options where spec.name != CommonOptions.printConfig.name {
            if spec.name == CommonOptions.config.name {
                if let configFile {
                    arguments.set(values: [configFile.path], for: spec.name)
                    arguments.set(source: configFile.source, for: spec.name)
                }
                continue
            }
            guard let (values, source) = try value(of: spec, commandLine: commandLine, fileValues: fileValues) else { continue }
            if source.kind == .flag, spec.isSecret, source.secretFile == nil {
                let name = source.name
                warnings.append(
                    "\(name) on the command line is visible to other local users (ps, /proc/<pid>/cmdline) and stays in shell "
                        + "history; use \(name)-file FILE or \(EnvironmentNames.variable(spec.name, prefix: prefix)) instead")
            }
            if spec.isFlag {
                let on = values.last == "true"
                if on { arguments.set(flag: spec.name) }
                arguments.set(source: source, for: spec.name)
                continue
            }
            if !source.isCommandLine, let allowed = spec.allowedValues {
                for value in values where !allowed.contains(value) {
                    throw UsageError(
                        "The value '\(spec.isSecret ? "<secret>" : value)' is invalid for '\(spec.synopsis)' (from \(source)); expected one of: \(allowed.joined(separator: ", "))")
                }
            }
            if spec.isSecretFile {
                for path in values {
                    do { try SecretFile.checkPermissions(path, purpose: "--\(spec.name)") } catch { throw UsageError(error.description) }
                }
            }
            arguments.set(values: values, for: spec.name)
            arguments.set(source: source, for: spec.name)
        }
        let missing = options.filter { $0.isRequired && arguments.optionValues[$0.name] == nil }
        return ResolvedConfiguration(
            arguments: arguments, configFile: configFile, warnings: warnings, printConfig: printConfig, missingRequired: missing)
    }

    /// The error for the first required option no source set.
    func missingError(_ spec: OptionSpec) -> UsageError {
        guard spec.isSecret else { return UsageError("Missing expected argument '\(spec.synopsis)'") }
        return UsageError("Missing expected argument '\(spec.synopsis)' (or \(spec.fileSynopsis), or \(EnvironmentNames.variable(spec.name, prefix: prefix))[_FILE])")
    }

    // MARK: - Sources

    /// The winning values of one option and their source; nil when no source sets it.
    private func value(
        of spec: OptionSpec, commandLine: CommandLineValues, fileValues: [String: FileValue]
    ) throws(UsageError) -> ([String], ConfigurationSource)? {
        let spelled = commandLine.spelled[spec.name] ?? "--\(spec.name)"
        if spec.isFlag, commandLine.flags.contains(spec.name) {
            return (["true"], ConfigurationSource(kind: .flag, name: spelled))
        }
        if let path = commandLine.secretFiles[spec.name] {
            return ([try readSecret(path, purpose: spelled)], ConfigurationSource(kind: .flag, name: spelled, secretFile: path))
        }
        if let values = commandLine.values[spec.name] {
            return (values, ConfigurationSource(kind: .flag, name: spelled))
        }
        if spec.isConfigurable, let found = try environmentValue(of: spec) { return found }
        if let entry = fileValues[spec.name] {
            let source = ConfigurationSource(kind: .file, name: entry.path, line: entry.line, secretFile: entry.isFileForm ? entry.values.first : nil)
            if entry.isFileForm {
                let path = entry.values.first ?? ""
                return ([try readSecret(path, purpose: "\(spec.name)-file in \(entry.path)")], source)
            }
            if spec.isFlag { return ([try boolean(entry.values.last ?? "", spec: spec, from: source)], source) }
            return (entry.values, source)
        }
        return nil
    }

    private func environmentValue(of spec: OptionSpec) throws(UsageError) -> ([String], ConfigurationSource)? {
        var found: [(variable: String, value: String, isFile: Bool)] = []
        for name in spec.allNames {
            let variable = EnvironmentNames.variable(name, prefix: prefix)
            if let value = nonEmpty(environment[variable]) { found.append((variable, value, false)) }
            if spec.isSecret {
                let fileVariable = EnvironmentNames.fileVariable(name, prefix: prefix)
                if let value = nonEmpty(environment[fileVariable]) { found.append((fileVariable, value, true)) }
            }
        }
        guard let first = found.first else { return nil }
        guard found.count == 1 else {
            throw UsageError("\(found.map(\.variable).joined(separator: " and ")) are all set for '\(spec.synopsis)'; keep one")
        }
        if first.isFile {
            let source = ConfigurationSource(kind: .environment, name: first.variable, secretFile: first.value)
            return ([try readSecret(first.value, purpose: first.variable)], source)
        }
        let source = ConfigurationSource(kind: .environment, name: first.variable)
        if spec.isFlag { return ([try boolean(first.value, spec: spec, from: source)], source) }
        return ([first.value], source)
    }

    private func readSecret(_ path: String, purpose: String) throws(UsageError) -> String {
        do { return try SecretFile.readValue(path, purpose: purpose) } catch { throw UsageError(error.description) }
    }

    private func boolean(_ text: String, spec: OptionSpec, from source: ConfigurationSource) throws(UsageError) -> String {
        switch text.lowercased() {
        case "true", "1", "yes", "on": return "true"
        case "false", "0", "no", "off": return "false"
        default: throw UsageError("The value '\(text)' is invalid for '\(spec.synopsis)' (from \(source)); expected true or false")
        }
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    // MARK: - The config file

    /// A config file's value for one option.
    private struct FileValue {
        var values: [String]
        var line: Int
        var path: String
        var isFileForm: Bool
    }

    /// Maps the file's keys to options: unknown keys, keys a file may not set, one option under two keys
    /// and a repeated single-value key are errors; a file holding a secret must be private.
    private func validate(_ file: ConfigFile) throws(UsageError) -> [String: FileValue] {
        var table: [String: (OptionSpec, Bool)] = [:]
        for spec in options {
            for name in spec.allNames {
                table[name] = (spec, false)
                if spec.isSecret { table[name + "-file"] = (spec, true) }
            }
        }
        var values: [String: FileValue] = [:]
        var secretKeys: [String] = []
        for entry in file.entries {
            guard let (spec, isFileForm) = table[entry.key] else {
                let known = options.filter(\.isFileConfigurable).map(\.name)
                throw UsageError(
                    "unknown key '\(entry.key)' in config file \(file.path) at line \(entry.line); '\(commandName)' accepts: \(known.joined(separator: ", "))")
            }
            guard spec.isFileConfigurable else {
                throw UsageError("'\(entry.key)' cannot be set in a config file (\(file.path), line \(entry.line)); give it on the command line")
            }
            if let lines = file.repeatedLines[entry.key], !spec.isRepeatable || isFileForm {
                throw UsageError(
                    "'\(entry.key)' is set more than once in config file \(file.path) (lines \(([entry.line] + lines).map(String.init).joined(separator: ", ")))")
            }
            if let previous = values[spec.name] {
                throw UsageError(
                    "config file \(file.path) sets '\(spec.name)' twice (lines \(previous.line) and \(entry.line)); keep one")
            }
            if spec.isSecret && !isFileForm { secretKeys.append(entry.key) }
            values[spec.name] = FileValue(values: entry.values, line: entry.line, path: file.path, isFileForm: isFileForm)
        }
        if !secretKeys.isEmpty {
            do { try SecretFile.checkMode(file.mode, path: file.path, purpose: "config file") } catch {
                throw UsageError(error.description + " (it holds the secret '\(secretKeys[0])')")
            }
        }
        return values
    }
}
