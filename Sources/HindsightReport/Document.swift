/// A report as plain values: what the Markdown, HTML and PDF writers consume. Built from an
/// incident by a template (the assignment's, Google SRE's, Atlassian's); the writers know
/// nothing of incidents. Inline text (`Inline`) is the model's: parsed once from an incident's
/// inline Markdown.
import HindsightLayout
import HindsightModel

public struct TaskItem: Hashable, Sendable {
    public var done: Bool
    public var content: [Inline]
    public init(done: Bool, content: [Inline]) { self.done = done; self.content = content }
}

/// A figure placed in a report: the scene (drawn as vectors in PDF and inline SVG in HTML),
/// the file names it is written under next to a Markdown report, and its alt text.
public struct DocumentFigure: Hashable, Sendable {
    public var scene: Scene
    /// Light-theme file, relative to the report (e.g. `email-outage-timeline.png`).
    public var file: String
    /// Dark-theme file for GitHub's `<picture>`, if written.
    public var darkFile: String?
    /// The dark scene, for HTML pages that follow the reader's preference.
    public var darkScene: Scene?
    /// Versions for narrow screens (light, dark), e.g. the vertical timeline for phones.
    public var narrowScene: Scene?
    public var narrowDarkScene: Scene?
    public var alt: String
    public var caption: String?

    public init(scene: Scene, file: String, darkFile: String? = nil, darkScene: Scene? = nil,
                narrowScene: Scene? = nil, narrowDarkScene: Scene? = nil, alt: String, caption: String? = nil) {
        self.scene = scene; self.file = file; self.darkFile = darkFile; self.darkScene = darkScene
        self.narrowScene = narrowScene; self.narrowDarkScene = narrowDarkScene
        self.alt = alt; self.caption = caption
    }
}

public enum Block: Hashable, Sendable {
    /// Level 1 is the title; sections are 2, subsections 3.
    case heading(level: Int, content: [Inline])
    case paragraph([Inline])
    case bullets([[Inline]])
    case numbered([[Inline]])
    case tasks([TaskItem])
    /// A table: header cells, then rows of cells.
    case table(header: [[Inline]], rows: [[[Inline]]])
    case figure(DocumentFigure)
    /// A visible prompt for something the input lacks ("_Fill in: …_").
    case prompt(String)
    case rule
}

public struct Document: Hashable, Sendable {
    public var title: String
    public var subtitle: String?
    public var authors: [String]
    /// The whole line under the title, authors included: `Jane Doe · 2024-04-18 · 512 words`.
    public var byline: String?
    public var language: String
    public var blocks: [Block]

    public init(title: String, subtitle: String? = nil, authors: [String] = [], byline: String? = nil,
                language: String = "en", blocks: [Block] = []) {
        self.title = title; self.subtitle = subtitle; self.authors = authors; self.byline = byline
        self.language = language; self.blocks = blocks
    }

    /// Words of prose (headings, paragraphs, lists, tables, prompts excluded), as the
    /// assignment counts them.
    public var wordCount: Int {
        var n = 0
        func count(_ s: String) { n += s.split(whereSeparator: { $0.isWhitespace }).filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }.count }
        for b in blocks {
            switch b {
            case .heading(_, let c), .paragraph(let c): count(c.plain)
            case .bullets(let items), .numbered(let items): items.forEach { count($0.plain) }
            case .tasks(let items): items.forEach { count($0.content.plain) }
            case .table(let h, let rows): h.forEach { count($0.plain) }; rows.forEach { $0.forEach { count($0.plain) } }
            case .figure, .prompt, .rule: break
            }
        }
        return n
    }
}
