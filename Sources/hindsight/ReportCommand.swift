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
    static func render(_ incident: Incident, stem: String, options: ReportOptions) throws -> [RenderedFile] {
        let measurer: PangoTextMeasurer
        do { measurer = try PangoTextMeasurer() } catch { throw CLIError.io("\(error)") }
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

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Refresh the figures (or, with --report, the whole report) inside a Markdown file.",
        discussion: """
        Replaces what lies between `<!-- hindsight:begin -->` and `<!-- hindsight:end -->`, leaving every \
        other byte as it was. The figures are written beside the Markdown file (or into --figure-dir). A run \
        that changes nothing writes nothing, so the files keep their modification times. \
        The incident may be a YAML or JSON incident or a Markdown postmortem (even the file itself).

        Examples:
          hindsight embed README.md --incident incident.yaml --figure-dir docs/img
          hindsight embed README.md --incident README.md --append
          hindsight embed POSTMORTEM.md --incident incident.yaml --report --template google-sre
          hindsight embed README.md --incident incident.yaml --theme high-contrast --scale 1
        """)

    @Argument(help: "The Markdown file to update (e.g. README.md).")
    var markdown: String

    @Option(help: "The incident to draw (YAML, JSON or a Markdown postmortem).")
    var incident: String

    @Flag(help: "Embed the whole report, not only the figures.")
    var report = false

    @Flag(help: "Add the markers at the end of the file when it has none.")
    var append = false

    @Option(name: .customLong("figure-dir"), help: "Folder for the figure files, relative to the Markdown file's folder (default: beside it).")
    var figureDir: String?

    /// Deprecated spelling of `--figure-dir` (next to `--figure`, which elsewhere picks figures).
    @Option(name: .customLong("figures"), help: .hidden)
    var legacyFigures: String?

    /// The figure folder asked for.
    var figures: String { figureDir ?? legacyFigures ?? "." }

    @Option(help: "alx (default), google-sre or atlassian (with --report).", transform: ArgumentList.one)
    var template: ReportTemplate = .alx

    @Option(help: "plain (default) or playful (with --report).", transform: ArgumentList.one)
    var style: ReportStyle = .plain

    /// `--theme` and `--scale`, as `report` takes them.
    @OptionGroup var look: ThemeFlags

    func run() throws {
        if legacyFigures != nil { warnDeprecated("--figures", use: "--figure-dir", command: "embed") }
        let themes = try look.themes(default: ReportCommand.defaultThemes, most: 2)
        let (loaded, diags) = try Inputs.load(incident)
        Diagnostics.print(diags, format: .text)
        guard let inc = loaded else { throw Quiet(code: Exit.inputErrors) }
        let original: [UInt8]
        do { original = try FileIO.read(markdown) } catch let e as FileIOError { throw CLIError.io(e.description) }
        let baseDir = (markdown as NSString).deletingLastPathComponent
        let figureDir = figures == "." ? "" : figures.hasSuffix("/") ? figures : figures + "/"
        let stem = FileIO.stem(of: incident)
        let measurer: PangoTextMeasurer
        do { measurer = try PangoTextMeasurer() } catch { throw CLIError.io("\(error)") }
        let options = ReportOptions(format: .md, template: template, style: style, scale: look.scale, themes: themes)
        let rendered: (files: [RenderedFile], document: Document)
        do { rendered = try ReportGenerator.render(inc, stem: stem, options: options, measurer: measurer) }
        catch { throw CLIError.io("could not render: \(error)") }
        // Links in the block point into the figure folder.
        var doc = rendered.document
        doc.blocks = doc.blocks.map { b in
            guard case .figure(var f) = b else { return b }
            f.file = figureDir + f.file
            f.darkFile = f.darkFile.map { figureDir + $0 }
            return .figure(f)
        }
        let block: String
        if report {
            block = MarkdownWriter.write(doc) + "\n"
        } else {
            block = doc.blocks.compactMap { b -> String? in
                guard case .figure = b else { return nil }
                return MarkdownWriter.render(b)
            }.joined(separator: "\n")
        }
        let updated: [UInt8]
        switch Embed.apply(original, block: block, append: append) {
        case .success(let u): updated = u
        case .failure(.missingMarkers):
            throw CLIError(message: "\(markdown): no `\(Embed.begin)` … `\(Embed.end)` markers; add both lines where the figures belong, or use --append", code: Exit.inputErrors)
        case .failure(.endBeforeBegin(let line)):
            throw CLIError(message: "\(markdown):\(line):1: `\(Embed.end)` comes before `\(Embed.begin)`", code: Exit.inputErrors)
        case .failure(.duplicateMarkers(let line)):
            throw CLIError(message: "\(markdown):\(line):1: a second hindsight marker; keep one begin and one end", code: Exit.inputErrors)
        }
        // The files the block links, and no others.
        let linked = Set(rendered.document.blocks.flatMap { b -> [String] in
            guard case .figure(let f) = b else { return [] }
            return [f.file] + (f.darkFile.map { [$0] } ?? [])
        })
        let prefix = baseDir.isEmpty ? "" : baseDir + "/"
        let figureFiles = rendered.files.filter { linked.contains($0.name) }
        let paths = figureFiles.map { prefix + figureDir + $0.name }
        try FileIO.refuseReplacingInputs(paths)
        for (f, path) in zip(figureFiles, paths) {
            try FileIO.writeAtomically(f.bytes, to: path, skipIfUnchanged: true)
        }
        // The Markdown file is the one file embed is asked to change (it may also be the
        // incident): written through a symbolic link, keeping its mode.
        try FileIO.writeAtomically(updated, to: markdown, skipIfUnchanged: true, throughLink: true, mayReplaceInput: true)
    }
}
