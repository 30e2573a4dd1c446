import Foundation
import ArgumentParser
import HindsightImport
import HindsightModel
import HindsightReport

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate incidents; print each problem as FILE:LINE:COLUMN.",
        discussion: "Exits 0 when every input is valid (warnings allowed unless --strict), 1 when any has errors.")

    @Argument(help: "Incident files (YAML or JSON) or Markdown postmortems (.md, imported and linted against the assignment's rules); `-` reads standard input.")
    var inputs: [String]

    @Option(help: "Diagnostics as text (standard error), json or github (standard output).")
    var format: DiagnosticsFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @OptionGroup var history: HistoryFlags

    @Flag(name: .shortAndLong, help: "Also list notes (`info`): for a Markdown postmortem, each value the importer inferred rather than read.")
    var verbose = false

    func run() throws {
        var all: [Diagnostic] = []
        var failed = false
        for path in inputs {
            let raw = try Inputs.read(path)
            var diags: [Diagnostic]
            var readable: Bool
            if raw.format == .markdown {
                // A write-up is linted, not just validated: what it lacks is a warning.
                let checked = InputLoading.checkMarkdown(bytes: raw.bytes, file: raw.name, totalSize: raw.totalSize)
                diags = checked.diagnostics
                readable = !diags.hasErrors
            } else {
                let result = InputLoading.load(bytes: raw.bytes, file: raw.name, format: raw.format, totalSize: raw.totalSize, incidentID: history.incidentID)
                diags = result.diagnostics
                readable = result.incident != nil
                if let i = result.incident {
                    // The assignment's rules, through the report this incident would make.
                    let doc = ReportBuilder().document(i)
                    diags = (diags + ReportChecks.diagnostics(i, document: doc, file: raw.name)
                             + Inputs.glyphWarnings(i, file: raw.name)).sortedByLocation()
                }
            }
            if !verbose { diags.removeAll { $0.severity == .info } }
            all += diags
            if !readable || diags.hasErrors || (strict && diags.contains { $0.severity == .warning }) { failed = true }
        }
        if format == .json || !all.isEmpty { Diagnostics.print(all, format: format) }
        if failed { throw Quiet(code: Exit.inputErrors) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the normalized incident: ISO 8601 times, duration and derived metrics.",
        discussion: "For a Markdown postmortem this is the importer: `export postmortem.md --format yaml` writes the incident it read, with a `# guessed:` comment on every value it inferred.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, yaml }

    @Argument(help: "An incident file (YAML or JSON) or a Markdown postmortem (.md); `-` reads standard input.")
    var input: String

    @Option(help: "json or yaml.")
    var format: Format = .json

    @OptionGroup var history: HistoryFlags

    func run() throws {
        let raw = try Inputs.read(input)
        if raw.format == .markdown {
            let imported = MarkdownImporter.importMarkdown(bytes: raw.bytes, file: raw.name, totalSize: raw.totalSize)
            Diagnostics.print(imported.diagnostics.filter { $0.severity != .info }, format: .text)
            guard let incident = imported.incident else { throw Quiet(code: Exit.inputErrors) }
            switch format {
            case .json: print(IncidentExport.json(incident).serialized(pretty: true))
            case .yaml:
                do { print(try imported.exportYAML(), terminator: "") }
                catch { throw CLIError.io("could not write YAML: \(error)") }
            }
            return
        }
        let result = InputLoading.load(bytes: raw.bytes, file: raw.name, format: raw.format, totalSize: raw.totalSize, incidentID: history.incidentID)
        Diagnostics.print(result.diagnostics.filter { $0.severity != .info }, format: .text)
        guard let incident = result.incident else { throw Quiet(code: Exit.inputErrors) }
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
