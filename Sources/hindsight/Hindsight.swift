import ArgumentParser
import Foundation
import HindsightImport
import HindsightModel
import HindsightRender
import HindsightReport

struct Hindsight: ParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "hindsight",
        abstract: "Turn an incident postmortem into figures and reports.",
        discussion: """
        Run with no arguments to render the built-in example (the assignment's email outage) \
        into ./output/: every figure in light and dark, PNG and SVG, and the report as Markdown, PDF and HTML.
        INPUT is a YAML or JSON incident (format v1) or a Markdown postmortem (.md); `-` reads standard input.
        Exit codes: 0 success, 1 the input has errors, 2 bad command line, 3 could not read, write or render.
        Every flag, with one meaning across commands: docs/cli.md.

        Examples:
          hindsight                                   # the built-in example into ./output
          hindsight init incident.yaml && hindsight render incident.yaml
          hindsight report postmortem.md --to md,pdf
          hindsight check incident.yaml --diagnostics github
        """,
        version: version,
        subcommands: [RenderCommand.self, ReportCommand.self, EmbedCommand.self, BatchCommand.self, WatchCommand.self, CheckCommand.self, ExportCommand.self, SchemaCommand.self, InitCommand.self, FontsCommand.self]
    )

    /// The message for a first argument that is neither a flag nor a command
    /// (`hindsight rendr x`), with the closest command; nil when the arguments look right.
    static func unknownSubcommand(_ args: [String]) -> String? {
        guard let first = args.first, !first.hasPrefix("-") else { return nil }
        guard subcommand(named: first) == nil, first != "help" else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        if let close = Suggest.commandLine(first, in: names) {
            return "unknown command `\(first)`; did you mean `\(close)`? (commands: \(names.joined(separator: ", ")))"
        }
        return "unknown command `\(first)` (commands: \(names.joined(separator: ", "))); see hindsight --help"
    }

    /// Whether the command line names a command that draws (`DrawsFigures`), or none (the
    /// built-in example is drawn).
    static func draws(_ args: [String]) -> Bool {
        guard let first = args.first else { return true }
        return subcommand(named: first).map { $0 is DrawsFigures.Type } ?? false
    }

    /// The subcommand a first argument names, if any.
    static func subcommand(named name: String) -> ParsableCommand.Type? {
        configuration.subcommands.first { $0.configuration.commandName == name }
    }

    func run() throws {
        let result = IncidentLoader.load(text: BuiltinExample.yaml, file: BuiltinExample.fileName, format: .yaml)
        guard let incident = result.incident else {
            Diagnostics.print(result.diagnostics, format: .text)
            throw Quiet(code: Exit.inputErrors)
        }
        let options = FigureOptions(formats: [.png, .svg], themes: [.light, .dark])
        let written = try FigureOutput.write(incident, stem: BuiltinExample.stem, outputDir: "output", options: options)
        for f in written.files { print("output/\(f.name)") }
        for format in [ReportFormat.md, .pdf, .html] {
            let report = try ReportOutput.write(incident, stem: BuiltinExample.stem, outputDir: "output", options: ReportOptions(format: format))
            if let path = report.last { print(path) }
        }
    }
}

/// `--incident-id`: which incident of a status-page or PagerDuty history file to read.
struct HistoryFlags: ParsableArguments {
    @Option(name: .customLong("incident-id"), help: ArgumentHelp("The incident to read from a status-page `incidents.json` or a PagerDuty log-entries export holding several (its `id`); other inputs ignore it.", valueName: "ID"))
    var incidentID: String?
}

/// Reads and validates one input. Diagnostics of `info` severity (a Markdown import's notes on
/// values it inferred) are left out unless `verbose`; `hindsight check --verbose` lists them.
enum Inputs {
    struct Raw {
        var bytes: [UInt8]
        var name: String
        var format: InputFormat
        var totalSize: Int?
    }

    static func read(_ path: String) throws -> Raw {
        let bytes: [UInt8]
        do { bytes = try FileIO.read(path) } catch let e as FileIOError {
            if let raw = undecodableArgument(decodingTo: path) {
                throw CLIError.io("\(FileIO.escapedName(raw)): the file name is not valid UTF-8 (shown with \\x escapes); Hindsight reads file names as UTF-8 text: rename the file")
            }
            throw CLIError.io(e.description)
        }
        // No output of this command may replace what it read.
        FileIO.protectInputs([path])
        let name = path == "-" ? "<stdin>" : path
        let format = InputKind.format(name: path, bytes: bytes)
        return Raw(bytes: bytes, name: name, format: format, totalSize: FileIO.size(of: path))
    }

    /// The raw bytes of the command-line argument that Swift decoded (with U+FFFD for each
    /// invalid byte) to `path`, when that argument is not valid UTF-8.
    static func undecodableArgument(decodingTo path: String) -> [UInt8]? {
        guard path.unicodeScalars.contains("\u{FFFD}") else { return nil }
        for i in 0..<Int(CommandLine.argc) {
            guard let arg = CommandLine.unsafeArgv[i] else { continue }
            let raw = Array(UnsafeBufferPointer(start: UnsafeRawPointer(arg).assumingMemoryBound(to: UInt8.self), count: strlen(arg)))
            if String(validating: raw, as: UTF8.self) == nil, String(decoding: raw, as: UTF8.self) == path { return raw }
        }
        return nil
    }

    static func load(_ path: String, verbose: Bool = false, incidentID: String? = nil) throws -> (Incident?, [Diagnostic]) {
        let raw = try read(path)
        return load(raw, verbose: verbose, incidentID: incidentID)
    }

    static func load(_ raw: Raw, verbose: Bool = false, incidentID: String? = nil) -> (Incident?, [Diagnostic]) {
        let result = InputLoading.load(bytes: raw.bytes, file: raw.name, format: raw.format, totalSize: raw.totalSize,
                                       incidentID: incidentID).drawable(file: raw.name)
        var diagnostics = result.diagnostics
        if let incident = result.incident { diagnostics = (diagnostics + glyphWarnings(incident, file: raw.name)).sortedByLocation() }
        return (result.incident, verbose ? diagnostics : diagnostics.filter { $0.severity != .info })
    }

    /// `glyph-missing` warnings: characters no pinned font draws. (A machine without the fonts
    /// gets none here; rendering then fails naming the missing package.)
    static func glyphWarnings(_ incident: Incident, file: String) -> [Diagnostic] {
        (try? FontCatalog.diagnostics(incident, file: file)) ?? []
    }
}

/// A command that draws figures, for which fonts are made ready before its command line is
/// parsed (`FontSetup.prepareInBackground`).
protocol DrawsFigures {}

extension RenderCommand: DrawsFigures {}
extension ReportCommand: DrawsFigures {}
extension EmbedCommand: DrawsFigures {}
extension BatchCommand: DrawsFigures {}
extension WatchCommand: DrawsFigures {}
