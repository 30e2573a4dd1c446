import Foundation
import ArgumentParser
import HindsightImport
import HindsightModel

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
