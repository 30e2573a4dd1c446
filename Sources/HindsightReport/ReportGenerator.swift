import Dispatch
import HindsightLayout
import HindsightModel
import HindsightRender

public enum ReportFormat: String, CaseIterable, Sendable, Codable { case md, pdf, html }

/// Report options: `hindsight report INPUT --format md|pdf|html --template ... --style ...`.
public struct ReportOptions: Sendable {
    public var format: ReportFormat
    public var template: ReportTemplate
    public var style: ReportStyle
    public var page: PageSize
    /// Pixel density of the PNG figures beside a Markdown report (1 = logical size).
    public var scale: Double
    /// The figures' theme, then (optional) the dark variant: the Markdown report's `<picture>`
    /// source for dark mode, the HTML page's dark figures. A PDF uses the first. Empty means
    /// the default; themes past the second are not used (the command line refuses them).
    public var themes: [Theme]
    public init(format: ReportFormat = .md, template: ReportTemplate = .alx, style: ReportStyle = .plain, page: PageSize = .a4, scale: Double = 2,
                themes: [Theme] = ReportOptions.defaultThemes) {
        self.format = format; self.template = template; self.style = style; self.page = page; self.scale = scale
        self.themes = themes.isEmpty ? Self.defaultThemes : Array(themes.prefix(2))
    }

    /// Light figures with a dark variant.
    public static let defaultThemes: [Theme] = [.light, .dark]
    /// The figures' theme.
    var theme: Theme { themes[0] }
    /// The dark variant, if any.
    var darkTheme: Theme? { themes.count > 1 ? themes[1] : nil }
}

/// Incident → the report file plus the figure files it links, in memory.
public enum ReportGenerator {
    /// The figures written beside a report: exactly the files it links. PNG in light and dark
    /// for Markdown (GitHub and blogs show it everywhere; the report links both through
    /// `<picture>`); none beside a PDF or an HTML page, which hold their figures as vectors.
    static func figureOptions(_ options: ReportOptions) -> FigureOptions {
        switch options.format {
        case .md: FigureOptions(figures: [.timeline, .impact], formats: [.png], themes: options.themes)
        case .pdf, .html: FigureOptions(figures: [], formats: [.svg], themes: [options.theme])
        }
    }

    /// `concurrent: false` draws the figures one after the other (`hindsight batch`, which
    /// already keeps every core busy with one input each).
    public static func render(_ incident: Incident, stem: String, options: ReportOptions,
                              measurer: PangoTextMeasurer, concurrent: Bool = true) throws -> (files: [RenderedFile], document: Document) {
        var figureOptions = figureOptions(options)
        figureOptions.concurrent = concurrent
        figureOptions.scale = options.scale
        let set = figureOptions.figures.isEmpty ? nil : try FigureSet.render(incident, stem: stem, options: figureOptions, measurer: measurer)
        // On paper the figures are laid out at print width.
        let scenes = options.format == .pdf ? printScenes(incident, theme: options.theme, measurer: measurer, concurrent: concurrent) : set?.scenes
        let document = self.document(incident, stem: stem, options: options, measurer: measurer, lightScenes: scenes)
        let bytes: [UInt8]
        switch options.format {
        case .md: bytes = Array((MarkdownWriter.write(document) + "\n").utf8)
        case .html: bytes = Array(try HTMLWriter.write(document).utf8)
        case .pdf:
            let meta = DocumentMetadata(title: document.title, author: incident.authors.isEmpty ? nil : incident.authors.joined(separator: ", "))
            bytes = try PDFReportWriter.render(document, page: options.page, metadata: meta)
        }
        return ((set?.files ?? []) + [RenderedFile(name: "\(stem).\(options.format.rawValue)", bytes: bytes)], document)
    }

    /// On paper a figure is scaled to the text width (about 480 pt): laid out 900 px wide, its
    /// 12 px labels print at about 6.5 pt instead of 3.6 pt.
    static let printWidth = 900.0

    /// The timeline and impact figures at print width, laid out side by side.
    static func printScenes(_ incident: Incident, theme: Theme = .light, measurer: PangoTextMeasurer, concurrent: Bool) -> [Figure: Scene] {
        let figures: [Figure] = [.timeline, .impact]
        let scenes = Locked<[Figure: Scene]>([:])
        let work: @Sendable (Int) -> Void = { i in
            let scene = figures[i].scene(incident, theme: theme, measurer: measurer, width: printWidth)
            scenes.withLock { $0[figures[i]] = scene }
        }
        if concurrent { DispatchQueue.concurrentPerform(iterations: figures.count, execute: work) } else { figures.indices.forEach(work) }
        return scenes.withLock { $0 }
    }

    /// The document alone (no files), e.g. to count its words.
    public static func document(_ incident: Incident, stem: String, options: ReportOptions, measurer: PangoTextMeasurer,
                                lightScenes: [Figure: Scene]? = nil) -> Document {
        let figureOptions = figureOptions(options)
        let ext = figureOptions.formats[0].rawValue
        let html = options.format == .html
        let printed = options.format == .pdf
        func figure(_ f: Figure) -> DocumentFigure {
            let light = lightScenes?[f]
                ?? (printed ? f.scene(incident, theme: options.theme, measurer: measurer, width: printWidth)
                            : f.scene(incident, theme: options.theme, measurer: measurer))
            // Only a web page switches to dark, or to the vertical timeline that phones need.
            let dark = html ? options.darkTheme.map { f.scene(incident, theme: $0, measurer: measurer) } : nil
            let narrow = html && f == .timeline ? options.themes.map { TimelineLayout(measurer: measurer, width: 480, theme: $0).vertical(incident) } : nil
            return DocumentFigure(scene: light, file: FigureSet.baseName(stem: stem, figure: f, theme: options.theme, themes: figureOptions.themes) + ".\(ext)",
                                  darkFile: figureOptions.themes.count > 1 ? FigureSet.baseName(stem: stem, figure: f, theme: figureOptions.themes[1], themes: figureOptions.themes) + ".\(ext)" : nil,
                                  darkScene: dark, narrowScene: narrow?.first, narrowDarkScene: narrow.flatMap { $0.count > 1 ? $0[1] : nil }, alt: light.alt,
                                  caption: f == .timeline ? "The outage, event by event (times in \(incident.zoneLabel))." : "Impact at a glance.")
        }
        let figures = ReportFigures(timeline: figure(.timeline), impact: figure(.impact), card: nil)
        return ReportBuilder(template: options.template, style: options.style, figures: figures).document(incident)
    }
}

/// The assignment's rules, checked on a structured incident through the report it would make.
public enum ReportChecks {
    public static let minWords = 400
    public static let maxWords = 600

    public static func diagnostics(_ incident: Incident, document: Document, file: String) -> [Diagnostic] {
        var sink = DiagnosticSink(file: file)
        func loc(_ key: String) -> SourceLocation { incident.locations[key] ?? .start }
        let words = document.wordCount
        if words < minWords {
            sink.warning("report-word-count", loc("title"), "the report would be \(words) words; the assignment asks for \(minWords)–\(maxWords): say more in `root_cause_detail`, `resolution` or the event texts")
        } else if words > maxWords {
            sink.warning("report-word-count", loc("title"), "the report would be \(words) words; the assignment asks for \(minWords)–\(maxWords): shorten the event texts, `root_cause_detail` or `resolution`")
        }
        if incident.zone == nil {
            sink.warning("report-timezone", loc("start"), "no `timezone`: the summary will show \(incident.zoneLabel); add `timezone:` with the zone's name (e.g. `SAST`, `Africa/Lagos`)")
        }
        if !incident.timeline.contains(where: { $0.kind == .detected && $0.via != nil }) {
            let at = incident.timeline.firstIndex { $0.kind == .detected }.map { loc("timeline[\($0)]") } ?? loc("timeline")
            sink.warning("report-detection", at, "no event says how the issue was detected: add `kind: detected` with `via: monitoring|engineer|customer|other`")
        }
        if !incident.timeline.contains(where: { $0.kind == .escalated }) {
            sink.warning("report-escalation", loc("timeline"), "no escalation: add a `kind: escalated` event with `to:` naming the team or people")
        }
        if incident.tasks.isEmpty {
            sink.warning("report-task-list", loc("corrective.tasks"), "no tasks: add concrete items to `corrective.tasks` (patch, add monitoring on …)")
        }
        return sink.diagnostics
    }
}
