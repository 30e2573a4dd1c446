import Foundation
import ArgumentParser
import HindsightImport
import HindsightModel
import HindsightReport

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate incidents; print each problem as FILE:LINE:COLUMN.",
        discussion: """
        Exits 0 when every input is valid (warnings allowed unless --strict), 1 when any has errors.

        Examples:
          hindsight check incident.yaml
          hindsight check incidents/*.yaml --strict --diagnostics github   # GitHub Actions annotations
          hindsight check postmortem.md --verbose                          # also what the importer inferred
        """)

    @Argument(help: "Incident files (YAML or JSON) or Markdown postmortems (.md, imported and linted against the assignment's rules); `-` reads standard input.")
    var inputs: [String]

    @Option(help: "How problems are reported: text (standard error; default), json or github (standard output).", transform: ArgumentList.one)
    var diagnostics: DiagnosticsFormat?

    /// Deprecated spelling of `--diagnostics`.
    @Option(name: .customLong("format"), help: .hidden, transform: ArgumentList.one)
    var format: DiagnosticsFormat?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @OptionGroup var history: HistoryFlags

    @Flag(name: .shortAndLong, help: "Also list notes (`info`): for a Markdown postmortem, each value the importer inferred rather than read.")
    var verbose = false

    func run() throws {
        if format != nil { warnDeprecated("--format", use: "--diagnostics", command: "check") }
        let format = diagnostics ?? format ?? .text
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
                // The assignment's required fields are errors here (render draws without them).
                let result = InputLoading.load(bytes: raw.bytes, file: raw.name, format: raw.format, totalSize: raw.totalSize,
                                               completeness: .required, incidentID: history.incidentID)
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
        discussion: """
        For a Markdown postmortem this is the importer: `export postmortem.md --to yaml` writes the incident it read, \
        with a `# guessed:` comment on every value it inferred.

        Examples:
          hindsight export incident.yaml                 # JSON with ISO 8601 times and metrics
          hindsight export postmortem.md --to yaml > incident.yaml
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, yaml }

    @Argument(help: "An incident file (YAML or JSON) or a Markdown postmortem (.md); `-` reads standard input.")
    var input: String

    @Option(help: "The document written to standard output: json or yaml (default: json).", transform: ArgumentList.one)
    var to: Format?

    /// Deprecated spelling of `--to`.
    @Option(name: .customLong("format"), help: .hidden, transform: ArgumentList.one)
    var legacyFormat: Format?

    @OptionGroup var history: HistoryFlags

    func run() throws {
        if legacyFormat != nil { warnDeprecated("--format", use: "--to", command: "export") }
        let format = to ?? legacyFormat ?? .json
        let raw = try Inputs.read(input)
        if raw.format == .markdown {
            let imported = MarkdownImporter.importMarkdown(bytes: raw.bytes, file: raw.name, totalSize: raw.totalSize, completeness: .partial)
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
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of incident format v1.",
        discussion: """
        Examples:
          hindsight schema > incident.schema.json
          # then, first line of an incident, for editors with the YAML language server:
          # yaml-language-server: $schema=incident.schema.json
        """)
    func run() throws { print(IncidentSchema.json.serialized(pretty: true)) }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented template incident (to FILE, or standard output).",
        discussion: """
        The template's first line points editors with the YAML language server at the JSON Schema; \
        with FILE, the schema is written beside it as incident.schema.json (unless that file exists).

        Examples:
          hindsight init incident.yaml
          hindsight init > incident.yaml
        """)

    @Argument(help: "Where to write the template; omit to print it.")
    var file: String?

    @Flag(help: "Overwrite FILE if it exists.")
    var force = false

    /// The schema file the template's first line names, beside the template.
    static let schemaFile = "incident.schema.json"

    /// The template, first line telling editors with the YAML language server where the schema is.
    static var template: String {
        "# yaml-language-server: $schema=./\(schemaFile)\n" + IncidentTemplate.yaml
    }

    func run() throws {
        guard let file else { print(Self.template, terminator: ""); return }
        if !force && FileManager.default.fileExists(atPath: file) {
            throw CLIError.usage("\(file) already exists; use --force to overwrite it")
        }
        // The schema beside the file (unless one is there), so the first line resolves.
        let dir = (file as NSString).deletingLastPathComponent
        let schema = dir.isEmpty ? Self.schemaFile : (dir as NSString).appendingPathComponent(Self.schemaFile)
        let writeSchema = !FileManager.default.fileExists(atPath: schema)
        try FileIO.writeAtomically(Self.template, to: file)
        printError("wrote \(file)")
        if writeSchema {
            try FileIO.writeAtomically(IncidentSchema.json.serialized(pretty: true) + "\n", to: schema)
            printError("wrote \(schema)")
        }
    }
}
