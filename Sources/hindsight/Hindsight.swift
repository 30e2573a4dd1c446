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
        into ./output/: every figure in light and dark, PNG and SVG, and the report as Markdown, PDF and HTML. INPUT is an incident in YAML or JSON (format v1); `-` reads standard input.
        Exit codes: 0 success, 1 the input has errors, 2 bad command line, 3 could not read, write or render.
        """,
        version: version,
        subcommands: [RenderCommand.self, ReportCommand.self, EmbedCommand.self, CheckCommand.self, ExportCommand.self, SchemaCommand.self, InitCommand.self]
    )

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
            print(report[0])
        }
    }
}

/// Reads and validates one input, printing its diagnostics. Returns nil when it has errors.
enum Inputs {
    static func load(_ path: String, diagnosticsFormat: DiagnosticsFormat = .text, strict: Bool = false) throws -> (Incident?, [Diagnostic]) {
        let bytes: [UInt8]
        do { bytes = try FileIO.read(path) } catch let e as FileIOError { throw CLIError.io(e.description) }
        let name = path == "-" ? "<stdin>" : path
        let result = InputLoading.load(bytes: bytes, file: name, format: InputFormat.fromPath(path), totalSize: FileIO.size(of: path))
        return (result.incident, result.diagnostics)
    }
}
