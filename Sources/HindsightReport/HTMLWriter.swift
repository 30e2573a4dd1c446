import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender

/// `Document` → one self-contained HTML page: figures inline as SVG (light and dark versions,
/// shown by the reader's `prefers-color-scheme`), no network, readable on a phone. Every text
/// from the incident is escaped; links keep only safe targets.
public enum HTMLWriter {
    public static func write(_ doc: Document) throws -> String {
        var body = "<header>\n<h1>\(escape(doc.title))</h1>\n"
        if let s = doc.subtitle { body += "<p class=\"subtitle\">\(escape(s))</p>\n" }
        if let by = doc.byline { body += "<p class=\"byline\">\(escape(by))</p>\n" }
        body += "</header>\n<main>\n"
        var figureIndex = 0
        for block in doc.blocks {
            body += try render(block, figureIndex: &figureIndex)
        }
        body += "</main>\n<footer>Made with Hindsight</footer>\n"
        return """
        <!DOCTYPE html>
        <html lang="\(escape(doc.language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(attribute(doc.title))</title>
        \(doc.authors.isEmpty ? "" : "<meta name=\"author\" content=\"\(attribute(doc.authors.joined(separator: ", ")))\">\n")<style>
        \(css)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static let css = """
    :root { \(ReportPalette.htmlLight.css) }
    @media (prefers-color-scheme: dark) {
      :root { \(ReportPalette.htmlDark.css) }
      .fig-light { display: none; }
    }
    @media not (prefers-color-scheme: dark) { .fig-dark { display: none; } }
    @media (min-width: 641px) { .fig-narrow { display: none; } }
    @media (max-width: 640px) { .fig-wide { display: none; } }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg);
           font: 17px/1.6 Inter, "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; }
    header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
    header { padding-top: 2.5rem; }
    h1 { font-size: 2.1rem; line-height: 1.2; margin: 0 0 .4rem; }
    h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid var(--rule); }
    h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
    .subtitle { font-size: 1.15rem; color: var(--muted); margin: 0 0 .4rem; font-style: italic; }
    .byline { color: var(--muted); font-size: .92rem; margin: 0 0 1.5rem; }
    a { color: var(--accent); }
    code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .9em; background: var(--callout); padding: .1em .3em; border-radius: 4px; }
    ul.tasks { list-style: none; padding-left: .4rem; }
    ul.tasks input { margin-right: .5rem; }
    figure { margin: 1.5rem 0; }
    figure svg { display: block; width: 100%; height: auto; border-radius: 8px; }
    figcaption { color: var(--muted); font-size: .85rem; margin-top: .4rem; }
    .prompt { background: var(--callout); border-left: 4px solid var(--rule); padding: .6rem .9rem; font-style: italic; color: var(--muted); }
    table { border-collapse: collapse; width: 100%; font-size: .95rem; display: block; overflow-x: auto; }
    th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
    hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
    footer { color: var(--muted); font-size: .8rem; padding: 2rem 1.25rem 3rem; }
    """

    static func render(_ block: Block, figureIndex: inout Int) throws -> String {
        switch block {
        case .heading(let level, let c):
            let l = min(max(level, 2), 6)
            return "<h\(l) id=\"\(slug(c.plain))\">\(inline(c))</h\(l)>\n"
        case .paragraph(let c):
            return "<p>\(inline(c))</p>\n"
        case .bullets(let items):
            return "<ul>\n" + items.map { "<li>\(inline($0))</li>\n" }.joined() + "</ul>\n"
        case .numbered(let items):
            return "<ol>\n" + items.map { "<li>\(inline($0))</li>\n" }.joined() + "</ol>\n"
        case .tasks(let items):
            return "<ul class=\"tasks\">\n" + items.map {
                "<li><input type=\"checkbox\" disabled\($0.done ? " checked" : "")> \(inline($0.content))</li>\n"
            }.joined() + "</ul>\n"
        case .table(let header, let rows):
            var s = "<table>\n<thead><tr>" + header.map { "<th>\(inline($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for r in rows { s += "<tr>" + r.map { "<td>\(inline($0))</td>" }.joined() + "</tr>\n" }
            return s + "</tbody>\n</table>\n"
        case .figure(let f):
            figureIndex += 1
            var s = "<figure>\n"
            // Every variant is inline; CSS shows the one for the reader's colour scheme and width.
            let narrow = f.narrowScene != nil
            let variants: [(Scene?, String, String)] = [
                (f.scene, "l", f.darkScene == nil ? "" : "fig-light"), (f.darkScene, "d", "fig-dark"),
                (f.narrowScene, "nl", f.narrowDarkScene == nil ? "" : "fig-light"), (f.narrowDarkScene, "nd", "fig-dark"),
            ]
            for (n, (scene, tag, theme)) in variants.enumerated() {
                guard let scene else { continue }
                let width = narrow ? (n < 2 ? "fig-wide" : "fig-narrow") : ""
                let cls = [theme, width].filter { !$0.isEmpty }.joined(separator: " ")
                s += try svg(scene, prefix: "f\(figureIndex)\(tag)", alt: f.alt, cls: cls.isEmpty ? nil : cls)
            }
            if let c = f.caption { s += "<figcaption>\(escape(c))</figcaption>\n" }
            return s + "</figure>\n"
        case .prompt(let p):
            return "<p class=\"prompt\">✏️ \(escape(p))</p>\n"
        case .rule:
            return "<hr>\n"
        }
    }

    /// A figure's SVG, inline: the XML prolog dropped, every id prefixed so that several
    /// figures on one page never share an id, and an accessible name.
    static func svg(_ scene: Scene, prefix: String, alt: String, cls: String?) throws -> String {
        var s = String(decoding: try SceneRenderer.render(scene, format: .svg), as: UTF8.self)
        if let start = s.range(of: "<svg") { s = String(s[start.lowerBound...]) }
        s = s.replacingOccurrences(of: "id=\"", with: "id=\"\(prefix)-")
            .replacingOccurrences(of: "href=\"#", with: "href=\"#\(prefix)-")
            .replacingOccurrences(of: "url(#", with: "url(#\(prefix)-")
        let attrs = " role=\"img\" aria-label=\"\(attribute(alt))\"" + (cls.map { " class=\"\($0)\"" } ?? "")
        s = s.replacingOccurrences(of: "<svg", with: "<svg" + attrs, options: [], range: s.range(of: "<svg"))
        return s.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    public static func inline(_ items: [Inline]) -> String {
        items.map { item -> String in
            switch item {
            case .text(let t): return escape(t)
            case .bold(let c): return "<strong>\(inline(c))</strong>"
            case .italic(let c): return "<em>\(inline(c))</em>"
            case .strikethrough(let c): return "<del>\(inline(c))</del>"
            case .code(let c): return "<code>\(escape(c))</code>"
            case .link(let c, let url):
                guard let safe = LinkPolicy.safe(url) else { return inline(c) }
                return "<a href=\"\(escape(safe))\">\(inline(c))</a>"
            case .lineBreak: return "<br>"
            }
        }.joined()
    }

    /// Incident text made safe for the page (the project's one XML/HTML escaper).
    public static func escape(_ s: String) -> String { XMLText.escape(s) }

    /// Incident text as an attribute value (or a `<title>`): escaped, on one line.
    public static func attribute(_ s: String) -> String { XMLText.escape(OneLine.of(s)) }

    static func slug(_ s: String) -> String {
        let lowered = s.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
    }
}
