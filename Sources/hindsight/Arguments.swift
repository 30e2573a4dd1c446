import ArgumentParser
import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender

// The pieces every command's flags are made of: typed lists, deprecated spellings, `-o -`.
// Each flag has one meaning across commands (docs/cli.md lists them all):
//   --image-format  figure file types (png, svg, pdf)
//   --to            the document a command writes (report: md, pdf, html; export: json, yaml)
//   --diagnostics   how problems are printed (text, json, github)
// The old `--format` keeps working where docs/spec named it, with a warning on standard error.

/// A value of a list flag: comma-separated and repeatable (`--figure timeline,card --figure impact`).
enum ArgumentList {
    /// Splits `text` at commas and reads each part as an `E` (case-insensitive, spaces trimmed);
    /// an unknown part is an error naming the closest value. `all`, when given, is accepted as
    /// a part that stands for every case.
    static func parse<E: CaseIterable & RawRepresentable<String>>(_ text: String, all: Bool = false) throws -> [E] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var values: [E] = []
        for part in parts {
            if all && part == "all" { values += Array(E.allCases); continue }
            guard let v = E(rawValue: part) else {
                let names = E.allCases.map(\.rawValue) + (all ? ["all"] : [])
                throw ValidationError(unknown(part, among: names))
            }
            values.append(v)
        }
        return values
    }

    /// One value of an enum flag (case-insensitive), an unknown one named with the closest.
    static func one<E: CaseIterable & RawRepresentable<String>>(_ text: String) throws -> E {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let v = E(rawValue: value) else { throw ValidationError(unknown(value, among: E.allCases.map(\.rawValue))) }
        return v
    }

    /// `"unknown value `x`; did you mean `y`? (available: a, b)"`.
    static func unknown(_ value: String, among names: [String]) -> String {
        let list = names.joined(separator: ", ")
        if value.isEmpty { return "empty value (available: \(list))" }
        if let close = Suggest.commandLine(value, in: names) {
            return "unknown value `\(value)`; did you mean `\(close)`? (available: \(list))"
        }
        return "unknown value `\(value)` (available: \(list))"
    }

    /// The values of a repeated list flag, flattened, each kept once in first-seen order.
    static func flatten<E: Equatable>(_ lists: [[E]]) -> [E] {
        var out: [E] = []
        for v in lists.joined() where !out.contains(v) { out.append(v) }
        return out
    }
}

/// A deprecated spelling was used: one line on standard error, the command goes on.
func warnDeprecated(_ old: String, use new: String, command: String) {
    printError("hindsight \(command): warning: `\(old)` is deprecated; use `\(new)`")
}

/// Where a command's files go: a folder, or standard output for `-o -` (one file only).
enum Destination {
    static let stdout = "-"

    /// Writes `files` into `dir`, or the single file to standard output when `dir` is `-`.
    /// Returns the paths written (none for standard output).
    @discardableResult
    static func write(_ files: [RenderedFile], into dir: String, hint: String) throws -> [String] {
        if dir == stdout {
            guard files.count == 1, let file = files.first else {
                throw CLIError.usage("-o - writes one file to standard output, but this would write \(files.count) (\(files.map(\.name).joined(separator: ", "))); \(hint), or give a folder")
            }
            FileHandle.standardOutput.write(Data(file.bytes))
            return []
        }
        try Outputs.write(files, into: dir)
        return files.map { "\(dir)/\($0.name)" }
    }
}

/// `--check`: what the inputs give compared with what is on disk, nothing written.
enum Freshness {
    enum Difference: Equatable {
        case missing(String), differs(String)
        var line: String {
            switch self {
            case .missing(let p): return "\(p): missing"
            case .differs(let p): return "\(p): out of date"
            }
        }
        /// The difference as a problem of the run, for the machine styles of `--diagnostics`
        /// (a GitHub annotation on the file, an entry of the JSON list).
        var diagnostic: Diagnostic {
            switch self {
            case .missing(let p): return Diagnostic(file: p, location: .start, severity: .error, rule: "check-missing", message: "missing: the inputs give this file")
            case .differs(let p): return Diagnostic(file: p, location: .start, severity: .error, rule: "check-stale", message: "out of date: the inputs give other bytes")
            }
        }
    }

    /// The files of `files` (written into `dir`) that are missing or differ on disk.
    static func compare(_ files: [RenderedFile], in dir: String) -> [Difference] {
        files.compactMap { f in
            let path = dir.isEmpty ? f.name : (dir as NSString).appendingPathComponent(f.name)
            guard let data = FileManager.default.contents(atPath: path) else { return .missing(path) }
            return Array(data) == f.bytes ? nil : .differs(path)
        }
    }

    /// Prints each difference on standard error (and a summary); exit 1 when there is any.
    static func report(_ differences: [Difference], checked: Int, command: String) throws {
        for d in differences { printError(d.line) }
        if differences.isEmpty {
            printError("hindsight \(command) --check: \(checked) files up to date")
        } else {
            printError("hindsight \(command) --check: \(differences.count) of \(checked) files out of date; run without --check to refresh them")
            throw Quiet(code: Exit.inputErrors)
        }
    }
}
