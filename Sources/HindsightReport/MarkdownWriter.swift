import HindsightLayout
import HindsightModel

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

    /// One block. Every line it writes is a line of that block: texts from the incident are
    /// made single-line and escaped, so no newline or character in them can end the block
    /// (an HTML `<picture>`, a list item, a table row) or start another.
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
                  <source media="(prefers-color-scheme: dark)" srcset="\(attribute(path(dark)))">
                  <img alt="\(alt)" src="\(attribute(path(f.file)))">
                </picture>

                """
            }
            return "![\(escape(f.alt))](\(path(f.file)))\n"
        case .prompt(let s):
            return "> ✏️ _\(escape(s))_\n"
        case .rule:
            return "---\n"
        }
    }

    static func cell(_ c: [Inline]) -> String { inline(c, inTable: true) }

    /// Inline content on one line. A line break is `<br>` (raw HTML written by Hindsight, not
    /// taken from the incident): a Markdown hard break would start a new line, where the
    /// incident's next words could open a list item or end a table row.
    public static func inline(_ items: [Inline]) -> String { inline(items, inTable: false) }

    static func inline(_ items: [Inline], inTable: Bool) -> String {
        items.map { item -> String in
            switch item {
            case .text(let t): return escape(t)
            case .bold(let c): return "**" + inline(c, inTable: inTable) + "**"
            case .italic(let c): return "*" + inline(c, inTable: inTable) + "*"
            case .strikethrough(let c): return "~~" + inline(c, inTable: inTable) + "~~"
            case .code(let c): return code(c, inTable: inTable)
            case .link(let c, let url):
                guard let safe = LinkPolicy.safe(url) else { return inline(c, inTable: inTable) }
                return "[" + inline(c, inTable: inTable) + "](" + destination(safe) + ")"
            case .lineBreak: return "<br>"
            }
        }.joined()
    }

    /// A code span that holds exactly `c` (on one line): fenced by one backtick more than the
    /// longest run inside, padded when it starts or ends with a backtick.
    static func code(_ c: String, inTable: Bool) -> String {
        var text = OneLine.of(c)
        if inTable { text = text.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0, run = 0
        for ch in text { run = ch == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") || (text.hasPrefix(" ") && text.hasSuffix(" ") && !text.allSatisfy { $0 == " " })
        return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence
    }

    /// Backslash-escapes what Markdown would read as structure or emphasis, and `<` `>` `&` so
    /// raw HTML from an incident never reaches a page; line breaks and other control
    /// characters become spaces.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in OneLine.of(s) {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~": out.append("\\"); out.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.append(ch)
            }
        }
        // A `!` that ends a piece of text could meet a link written next: `![…](…)`, an image.
        if out.hasSuffix("!") { out.insert("\\", at: out.index(before: out.endIndex)) }
        return out
    }

    /// An HTML attribute value (inside `"…"`) on one line.
    static func attribute(_ s: String) -> String { HTMLWriter.attribute(s) }

    /// A relative file path as a link destination: percent-encoded wherever Markdown or an
    /// attribute would read a character as syntax (space, parentheses, angle brackets,
    /// quotes, backslash, `&`, `%` itself) or a line would end (every control character).
    static func path(_ p: String) -> String {
        var out: [UInt8] = []
        for byte in p.utf8 {
            switch byte {
            case 0..<0x21, 0x7F, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "%"), UInt8(ascii: "`"), UInt8(ascii: "&"):
                let hex = Array("0123456789ABCDEF".utf8)
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default:
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A link target (already allowed by `LinkPolicy`) as a Markdown destination: the
    /// characters that would end it or unbalance it are percent-encoded, and so is a `&` that
    /// starts an entity (`&#58;` would be read back as `:`, turning a relative target into a
    /// scheme); `?a=1&b=2` keeps its `&`.
    static func destination(_ url: String) -> String {
        var out = ""
        let scalars = Array(url.unicodeScalars)
        for (i, ch) in scalars.enumerated() {
            switch ch {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "\\": out += "%5C"
            case "&" where startsEntity(scalars, at: i): out += "%26"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// `&name;` or `&#…;` at `i` (what cmark would decode as a character reference).
    static func startsEntity(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i + 1
        if j < s.count, s[j] == "#" { j += 1 }
        let start = j
        while j < s.count, j - start < 32, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) { j += 1 }
        return j > start && j < s.count && s[j] == ";"
    }
}

/// Text made single-line: every run of white space and control characters (line feeds,
/// carriage returns, tabs, U+2028/U+2029, NEL, NUL…) becomes one space. For everything that
/// goes into an attribute or a one-line Markdown construct.
enum OneLine {
    static func of(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: breaks) else { return s }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for c in s.unicodeScalars {
            if breaks(c) || c == " " {
                pendingSpace = true
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        if pendingSpace { out.append(" ") }
        return String(out)
    }

    static func breaks(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
    }
}
