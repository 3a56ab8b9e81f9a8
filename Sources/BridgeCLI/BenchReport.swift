import Foundation

/// One benchmark's figures, printed either as aligned `name: value` lines or as one JSON object
/// `{"benchmark": …, "machine": {…}, "figures": {…}, "notes": […]}` (keys sorted, so output is diffable).
struct BenchReport {
    /// A figure's value: numbers stay numbers in JSON.
    enum Value {
        case int(Int)
        case number(Double, digits: Int)
        case text(String)
        case bool(Bool)

        var json: Any {
            switch self {
            case .int(let value): value
            case .number(let value, let digits): BenchReport.rounded(value, digits)
            case .text(let value): value
            case .bool(let value): value
            }
        }

        var human: String {
            switch self {
            case .int(let value): String(value)
            case .number(let value, let digits): String(format: "%.\(digits)f", value)
            case .text(let value): value
            case .bool(let value): value ? "yes" : "no"
            }
        }
    }

    /// The subcommand's name (`auth`, `ws`, …).
    let benchmark: String
    /// Figures in print order: JSON key, human label, value, unit (shown after the value in the summary).
    private(set) var figures: [(key: String, label: String, value: Value, unit: String)] = []
    /// Free-text remarks (what the baseline is, what was achieved vs asked).
    private(set) var notes: [String] = []

    init(benchmark: String) { self.benchmark = benchmark }

    mutating func add(_ key: String, _ label: String, _ value: Value, unit: String = "") {
        figures.append((key, label, value, unit))
    }

    mutating func note(_ text: String) { notes.append(text) }

    /// The figure stored under `key`, for tests and for derived ratios.
    func value(_ key: String) -> Value? { figures.first { $0.key == key }?.value }

    /// Writes the report to `context.stdout` in the requested form.
    func print(json: Bool, to context: CommandContext) {
        context.stdout.write(json ? jsonText() : humanText())
    }

    func humanText() -> String {
        let width = figures.map { $0.label.count }.max() ?? 0
        var out = "bench \(benchmark) (\(Self.machineLine))\n"
        for figure in figures {
            let pad = String(repeating: " ", count: width - figure.label.count)
            out += "  \(figure.label):\(pad) \(figure.value.human)\(figure.unit.isEmpty ? "" : " " + figure.unit)\n"
        }
        for note in notes { out += "  note: \(note)\n" }
        return out
    }

    func jsonText() -> String {
        var values: [String: Any] = [:]
        for figure in figures { values[figure.key] = figure.value.json }
        let object: [String: Any] = [
            "benchmark": benchmark,
            "machine": ["cores": ProcessInfo.processInfo.activeProcessorCount, "load_average_1m": Self.loadAverage ?? -1],
            "figures": values,
            "notes": notes,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `2 cores, load 3.10`: the context every figure needs (the bench machine is usually shared).
    static var machineLine: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard let load = loadAverage else { return "\(cores) cores" }
        return "\(cores) cores, load average \(String(format: "%.2f", load))"
    }

    /// The 1-minute load average from /proc/loadavg (nil off Linux).
    static var loadAverage: Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first else { return nil }
        return Double(first)
    }

    static func rounded(_ value: Double, _ digits: Int) -> Double {
        guard value.isFinite else { return 0 }
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    /// `a / b`, 0 when `b` is not positive (a missing baseline must not print inf).
    static func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
}

extension OptionSpec {
    /// The `--json` flag every benchmark has.
    static let benchJSON = OptionSpec.flag("json", help: "Print one JSON object instead of the summary.")
}

extension ParsedArguments {
    /// A positive integer option (benchmark sizes), as a usage error otherwise.
    func positive(_ name: String) throws(UsageError) -> Int {
        let value: Int = try required(name)
        guard value > 0 else { throw UsageError("--\(name) must be a positive integer") }
        return value
    }
}
