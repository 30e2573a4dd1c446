import Dispatch
import HindsightLayout
import HindsightModel

/// What to render for one incident: figures × themes × formats.
public struct FigureOptions: Sendable {
    public var figures: [Figure]
    public var formats: [OutputFormat]
    public var themes: [Theme]
    public var scale: Double
    public var width: Double?
    public var layoutJSON: Bool
    /// Draw and encode the files on all cores (one command, one input). `hindsight batch`
    /// turns this off: it runs one input per core, and nesting both would oversubscribe.
    public var concurrent: Bool = true

    /// PNGs are written at twice the logical size by default: the figures are designed to be
    /// shown about 800 CSS px wide, and 2× keeps them sharp on HiDPI screens.
    public init(figures: [Figure] = Figure.allCases, formats: [OutputFormat] = [.png, .svg], themes: [Theme] = [.light],
                scale: Double = 2, width: Double? = nil, layoutJSON: Bool = false) {
        self.figures = figures; self.formats = formats; self.themes = themes
        self.scale = scale; self.width = width; self.layoutJSON = layoutJSON
    }
}

/// One rendered file, not yet written.
public struct RenderedFile: Sendable {
    /// File name relative to the output folder, e.g. `email-outage-timeline-dark.png`.
    public var name: String
    public var bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) { self.name = name; self.bytes = bytes }
}

/// Renders every requested figure of an incident into memory. Writing is the caller's job
/// (all files at once, each atomically), so a failure leaves nothing half-done.
public enum FigureSet {
    /// `<stem>-<figure>`, plus `-<theme>` for every theme after the first when several are
    /// asked for (`light,dark` → `-dark`).
    public static func baseName(stem: String, figure: Figure, theme: Theme, themes: [Theme]) -> String {
        let suffix = themes.count > 1 && theme.name != themes[0].name ? "-\(theme.name)" : ""
        return "\(stem)-\(figure.rawValue)\(suffix)"
    }

    public struct Result: Sendable {
        public var files: [RenderedFile]
        /// (`<stem>-<figure>`, alt text) for the first theme.
        public var alt: [(String, String)]
        /// The scenes of the first theme, by figure (reports embed them).
        public var scenes: [Figure: Scene]
    }

    /// `scenes`: figures already laid out, used for the first theme instead of laying them
    /// out again (a PDF report's figures at print width).
    public static func render(_ incident: Incident, stem: String, options: FigureOptions,
                              measurer: PangoTextMeasurer, scenes given: [Figure: Scene] = [:]) throws -> Result {
        var alts: [(String, String)] = []
        var scenes: [Figure: Scene] = [:]
        let metadata = DocumentMetadata(title: incident.displayTitle, author: incident.authors.first)
        // Lay out every scene first (cheap), then draw and encode the files on all cores:
        // the measurer and the renderer are thread-safe, and encoding dominates.
        var jobs: [(name: String, scene: Scene, format: OutputFormat?)] = []
        for theme in options.themes {
            let first = theme.name == options.themes[0].name
            for figure in options.figures {
                let scene = (first ? given[figure] : nil) ?? figure.scene(incident, theme: theme, measurer: measurer, width: options.width)
                let base = baseName(stem: stem, figure: figure, theme: theme, themes: options.themes)
                if first { alts.append(("\(stem)-\(figure.rawValue)", scene.alt)); scenes[figure] = scene }
                for format in options.formats { jobs.append(("\(base).\(format.rawValue)", scene, format)) }
                if options.layoutJSON { jobs.append(("\(base).layout.json", scene, nil)) }
            }
        }
        let work = jobs
        let results = Locked([Swift.Result<[UInt8], any Error>?](repeating: nil, count: work.count))
        let renderOne: @Sendable (Int) -> Void = { i in
            let job = work[i]
            let outcome = Swift.Result<[UInt8], any Error> {
                guard let format = job.format else {
                    return Array((LayoutJSON.encode(job.scene).serialized(pretty: true) + "\n").utf8)
                }
                return try SceneRenderer.render(job.scene, format: format, scale: options.scale, metadata: metadata)
            }
            results.withLock { $0[i] = outcome }
        }
        if options.concurrent {
            // Longest first, so that the last file to finish does not start last: PNGs by
            // their pixels (compression dominates), largest first; then SVG, PDF and layout
            // JSON, which cost a few milliseconds each. The files keep their order.
            func pixels(_ i: Int) -> Double {
                work[i].format == .png ? work[i].scene.width * work[i].scene.height * options.scale * options.scale : 0
            }
            let schedule = work.indices.sorted { (pixels($0), -$0) > (pixels($1), -$1) }
            DispatchQueue.concurrentPerform(iterations: schedule.count) { renderOne(schedule[$0]) }
        } else {
            for i in work.indices { renderOne(i) }
        }
        let files = try results.withLock { r in
            try work.indices.map { RenderedFile(name: work[$0].name, bytes: try r[$0]!.get()) }
        }
        return Result(files: files, alt: alts, scenes: scenes)
    }
}
