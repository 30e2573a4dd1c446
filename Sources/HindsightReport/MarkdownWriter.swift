import HindsightLayout

/// `Document` → GitHub-flavoured Markdown: reads well on GitHub and on a blog. Figures are
/// relative image links, with GitHub's `<picture>` when a dark version exists. Incident text
/// is escaped so it cannot inject HTML or Markdown structure.
public enum MarkdownWriter {
    public static func write(_ doc: Document) -> String {
        var out = "# \(escape(doc.title))\n\n"
        if let s = doc.subtitle { out += "*\(escape(s))*\n\n" }
        if let by = doc.byline { out += "\(escape(by))\n\n" }
        for block in doc.blocks {
            out += render(block)
            out += "\n"
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    public static func render(_ block: Block) -> String {
        switch block {
        case .heading(let level, let c):
            return String(repeating: "#", count: min(max(level, 1), 6)) + " " + inline(c) + "\n"
        case .paragraph(let c):
            return inline(c) + "\n"
        case .bullets(let items):
            return items.map { "- " + inline($0) + "\n" }.joined()
        case .numbered(let items):
            return items.enumerated().map { "\($0.offset + 1). " + inline($0.element) + "\n" }.joined()
        case .tasks(let items):
            return items.map { "- [\($0.done ? "x" : " ")] " + inline($0.content) + "\n" }.joined()
        case .table(let header, let rows):
            var s = "| " + header.map(cell).joined(separator: " | ") + " |\n"
            s += "|" + header.map { _ in " --- |" }.joined() + "\n"
            for r in rows { s += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
            return s
        case .figure(let f):
            let alt = attribute(f.alt)
            if let dark = f.darkFile {
                return """
                <picture>
                  <source media="(prefers-color-scheme: dark)" srcset="\(attribute(dark))">
                  <img alt="\(alt)" src="\(attribute(f.file))">
                </picture>

                """
            }
            return "![\(escape(f.alt))](\(f.file.replacingOccurrences(of: " ", with: "%20")))\n"
        case .prompt(let s):
            return "> ✏️ _\(escape(s))_\n"
        case .rule:
            return "---\n"
        }
    }

    static func cell(_ c: [Inline]) -> String { inline(c).replacingOccurrences(of: "|", with: "\\|") }

    public static func inline(_ items: [Inline]) -> String {
        items.map { item -> String in
            switch item {
            case .text(let t): return escape(t)
            case .bold(let c): return "**" + inline(c) + "**"
            case .italic(let c): return "*" + inline(c) + "*"
            case .code(let c):
                let fence = c.contains("`") ? "`` " : "`"
                return fence + c + (fence == "`" ? "`" : " ``")
            case .link(let c, let url):
                guard let safe = URLPolicy.safe(url) else { return inline(c) }
                return "[" + inline(c) + "](" + safe.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: ")", with: "%29") + ")"
            case .lineBreak: return "  \n"
            }
        }.joined()
    }

    /// Backslash-escapes what Markdown would read as structure, and `<` `>` so raw HTML from
    /// an incident never reaches a page.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "#", "|": out.append("\\"); out.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    static func attribute(_ s: String) -> String { HTMLWriter.escape(s) }
}

/// Which link targets a report keeps: web and mail links and relative paths. Anything else
/// (`javascript:`, `data:`, `vbscript:` ...) keeps its text and loses the link.
public enum URLPolicy {
    public static func safe(_ url: String) -> String? {
        let u = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !u.isEmpty, !u.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
        let lower = u.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return u }
        // Relative links: no scheme before the first / ? #.
        if let colon = u.firstIndex(of: ":") {
            let before = u[..<colon]
            if !before.contains("/") && !before.contains("?") && !before.contains("#") { return nil }
        }
        return u
    }
}
