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
    @Option(help: "alx (the assignment's sections), google-sre or atlassian.")
    var template: ReportTemplate = .alx

    @Option(help: "plain or playful.")
    var style: ReportStyle = .plain

    @Option(help: "PDF page size: a4 or letter.")
    var page: PageSize = .a4

    func options(_ format: ReportFormat) -> ReportOptions {
        ReportOptions(format: format, template: template, style: style, page: page)
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the postmortem report (Markdown, PDF or HTML) with its figures beside it.",
        discussion: "Writes DIR/<stem>.md (or .pdf, .html) and the figures it shows, light and dark.")

    @Argument(help: "An incident file (YAML, JSON); `-` reads standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "output"

    @Option(help: "md, pdf or html.")
    var format: ReportFormat = .md

    @OptionGroup var layout: ReportFlags

    @OptionGroup var history: HistoryFlags

    func run() throws {
        let (loaded, diags) = try Inputs.load(input, incidentID: history.incidentID)
        Diagnostics.print(diags, format: .text)
        guard let incident = loaded else { throw Quiet(code: Exit.inputErrors) }
        let options = layout.options(format)
        let written = try ReportOutput.write(incident, stem: FileIO.stem(of: input), outputDir: output, options: options)
        for path in written { print(path) }
    }
}

enum ReportOutput {
    /// Renders the report and its figures in memory, then writes every file atomically.
    static func write(_ incident: Incident, stem: String, outputDir: String, options: ReportOptions) throws -> [String] {
        let measurer: PangoTextMeasurer
        do { measurer = try PangoTextMeasurer() } catch { throw CLIError.io("\(error)") }
        let files: [RenderedFile]
        do { files = try ReportGenerator.render(incident, stem: stem, options: options, measurer: measurer).files }
        catch { throw CLIError.io("could not render the report: \(error)") }
        try Outputs.write(files, into: outputDir)
        // ReportGenerator gives the figures, then the report: printed in that order, the report last.
        return files.map { "\(outputDir)/\($0.name)" }
    }
}

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Refresh the figures (or, with --report, the whole report) inside a Markdown file.",
        discussion: """
        Replaces what lies between `<!-- hindsight:begin -->` and `<!-- hindsight:end -->`, leaving every \
        other byte as it was. The figures are written beside the Markdown file (or into --figures). A run \
        that changes nothing writes nothing, so the files keep their modification times.
        """)

    @Argument(help: "The Markdown file to update (e.g. README.md).")
    var markdown: String

    @Option(help: "The incident to draw (YAML or JSON).")
    var incident: String

    @Flag(help: "Embed the whole report, not only the figures.")
    var report = false

    @Flag(help: "Add the markers at the end of the file when it has none.")
    var append = false

    @Option(help: "Folder for the figure files, relative to the Markdown file's folder.")
    var figures: String = "."

    @Option(help: "alx, google-sre or atlassian (with --report).")
    var template: ReportTemplate = .alx

    @Option(help: "plain or playful (with --report).")
    var style: ReportStyle = .plain

    func run() throws {
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
        let options = ReportOptions(format: .md, template: template, style: style)
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
