import ArgumentParser
import Foundation
import HindsightLayout
import HindsightModel
import HindsightReport
import HindsightRender

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
