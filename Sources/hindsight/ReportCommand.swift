import ArgumentParser
import Foundation
import HindsightLayout
import HindsightModel
import HindsightReport
import HindsightRender

extension ReportFormat: ExpressibleByArgument {}
extension ReportTemplate: ExpressibleByArgument {}
extension ReportStyle: ExpressibleByArgument {}
extension PageSize: ExpressibleByArgument {}

/// The report flags `report` and `batch` share: template, style, page size.
struct ReportFlags: ParsableArguments {
    @Option(help: "alx (the assignment's sections; default), google-sre or atlassian.", transform: ArgumentList.one)
    var template: ReportTemplate = .alx

    @Option(help: "plain (default) or playful.", transform: ArgumentList.one)
    var style: ReportStyle = .plain

    @Option(help: "PDF page size: a4 (default) or letter.", transform: ArgumentList.one)
    var page: PageSize = .a4

    /// `scale`: the PNG density (`--scale` of the command: batch shares it with its figures);
    /// `themes`: the figures' and the dark variant's.
    func options(_ format: ReportFormat, scale: Double = 2, themes: [Theme] = ReportOptions.defaultThemes) -> ReportOptions {
        ReportOptions(format: format, template: template, style: style, page: page, scale: scale, themes: themes)
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the postmortem report (Markdown, PDF or HTML) with its figures beside it.",
        discussion: """
        Writes DIR/<stem>.md (or .pdf, .html) and the figures it shows, light and dark. \
        INPUT is a YAML or JSON incident or a Markdown postmortem (.md); `-` reads standard input.

        Examples:
          hindsight report incident.yaml                        # output/incident.md and its PNG figures
          hindsight report incident.yaml --to md,pdf,html -o site
          hindsight report incident.yaml --to pdf --page letter -o - > postmortem.pdf
          hindsight report incident.yaml --template google-sre --style playful --scale 2
          hindsight report incident.yaml --theme brand.yaml,dark  # brand figures, dark ones for dark mode
        """)

    @Argument(help: "An incident file (YAML or JSON) or a Markdown postmortem (.md); `-` reads standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder; `-` writes a PDF or HTML report (which hold their figures) to standard output.")
    var output: String = "output"

    @Option(help: "md, pdf, html; repeatable or comma-separated (default: md).",
            transform: { try ArgumentList.parse($0) as [ReportFormat] })
    var to: [[ReportFormat]] = []

    /// Deprecated spelling of `--to`.
    @Option(name: .customLong("format"), help: .hidden, transform: { try ArgumentList.parse($0) as [ReportFormat] })
    var format: [[ReportFormat]] = []

    @OptionGroup var layout: ReportFlags

    /// `--theme` and `--scale`, as `render` takes them; the default is light with a dark variant.
    @OptionGroup var look: ThemeFlags

    @OptionGroup var history: HistoryFlags

    func validate() throws {
        if output == Destination.stdout {
            guard formats.count == 1 else { throw ValidationError("-o - writes one report; ask for one with --to pdf or --to html") }
            guard formats[0] != .md else { throw ValidationError("-o -: the Markdown report links figure files, so it needs a folder; use --to pdf or --to html, whose files hold their figures") }
        }
    }

    /// The formats asked for, each once, `md` when none.
    var formats: [ReportFormat] {
        let all = ArgumentList.flatten(to + format)
        return all.isEmpty ? [.md] : all
    }

    func run() throws {
        if !format.isEmpty { warnDeprecated("--format", use: "--to", command: "report") }
        let themes = try look.themes(default: ReportCommand.defaultThemes, most: 2)
        let (loaded, diags) = try Inputs.load(input, incidentID: history.incidentID)
        Diagnostics.print(diags, format: .text)
        guard let incident = loaded else { throw Quiet(code: Exit.inputErrors) }
        let stem = FileIO.stem(of: input)
        if output == Destination.stdout {
            let files = try ReportOutput.render(incident, stem: stem, options: layout.options(formats[0], scale: look.scale, themes: themes))
            try Destination.write(files.filter { $0.name == ReportOutput.fileName(stem, formats[0]) }, into: output, hint: "")
            return
        }
        let written = try ReportOutput.write(incident, stem: stem, outputDir: output, options: formats.map { layout.options($0, scale: look.scale, themes: themes) })
        for path in written { print(path) }
    }
}

extension ReportCommand {
    /// The themes of a report's figures when none are asked for: light, and dark for dark mode.
    static let defaultThemes = "light,dark"
}

enum ReportOutput {
    static func fileName(_ stem: String, _ format: ReportFormat) -> String { "\(stem).\(format.rawValue)" }

    /// The report and its figures in memory.
    static func render(_ incident: Incident, stem: String, options: ReportOptions, measurer: PangoTextMeasurer? = nil) throws -> [RenderedFile] {
        let measurer = try measurer ?? FigureOutput.makeMeasurer()
        do { return try ReportGenerator.render(incident, stem: stem, options: options, measurer: measurer).files }
        catch { throw CLIError.io("could not render the report: \(error)") }
    }

    /// Renders each report and its figures in memory, then writes every file atomically
    /// (a figure two reports share, once). Returns the paths: the figures in the order
    /// drawn, then the reports.
    static func write(_ incident: Incident, stem: String, outputDir: String, options: [ReportOptions]) throws -> [String] {
        var files: [RenderedFile] = []
        for o in options {
            for f in try render(incident, stem: stem, options: o) where !files.contains(where: { $0.name == f.name }) { files.append(f) }
        }
        try Outputs.write(files, into: outputDir)
        let reports = Set(options.map { fileName(stem, $0.format) })
        return (files.filter { !reports.contains($0.name) } + files.filter { reports.contains($0.name) }).map { "\(outputDir)/\($0.name)" }
    }

    static func write(_ incident: Incident, stem: String, outputDir: String, options: ReportOptions) throws -> [String] {
        try write(incident, stem: stem, outputDir: outputDir, options: [options])
    }
}
