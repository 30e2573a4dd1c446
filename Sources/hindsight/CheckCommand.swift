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
