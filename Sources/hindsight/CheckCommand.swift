import Foundation
import ArgumentParser
import HindsightModel
import HindsightReport

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate incidents; print each problem as FILE:LINE:COLUMN.",
        discussion: "Exits 0 when every input is valid (warnings allowed unless --strict), 1 when any has errors.")

    @Argument(help: "Incident files (YAML or JSON); `-` reads standard input.")
    var inputs: [String]

    @Option(help: "Diagnostics as text (standard error), json or github (standard output).")
    var format: DiagnosticsFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        var all: [Diagnostic] = []
        var failed = false
        for path in inputs {
            var (incident, diags) = try Inputs.load(path)
            if let i = incident {
                // The assignment's rules, through the report this incident would make.
                let doc = ReportBuilder().document(i)
                diags = (diags + ReportChecks.diagnostics(i, document: doc, file: path == "-" ? "<stdin>" : path)).sortedByLocation()
            }
            all += diags
            if incident == nil || diags.hasErrors || (strict && diags.contains { $0.severity == .warning }) { failed = true }
        }
        if format == .json || !all.isEmpty { Diagnostics.print(all, format: format) }
        if failed { throw Quiet(code: Exit.inputErrors) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the normalized incident: ISO 8601 times, duration and derived metrics.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, yaml }

    @Argument(help: "An incident file (YAML or JSON); `-` reads standard input.")
    var input: String

    @Option(help: "json or yaml.")
    var format: Format = .json

    func run() throws {
        let (incident, diags) = try Inputs.load(input)
        Diagnostics.print(diags, format: .text)
        guard let incident else { throw Quiet(code: Exit.inputErrors) }
        switch format {
        case .json: print(IncidentExport.json(incident).serialized(pretty: true))
        case .yaml:
            do { print(try IncidentExport.yaml(incident), terminator: "") }
            catch { throw CLIError.io("could not write YAML: \(error)") }
        }
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of incident format v1.")
    func run() throws { print(IncidentSchema.json.serialized(pretty: true)) }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented template incident (to FILE, or standard output).")

    @Argument(help: "Where to write the template; omit to print it.")
    var file: String?

    @Flag(help: "Overwrite FILE if it exists.")
    var force = false

    func run() throws {
        guard let file else { print(IncidentTemplate.yaml, terminator: ""); return }
        if !force && FileManager.default.fileExists(atPath: file) {
            throw CLIError.usage("\(file) already exists; use --force to overwrite it")
        }
        try FileIO.writeAtomically(IncidentTemplate.yaml, to: file)
        printError("wrote \(file)")
    }
}
