import Foundation

/// Inline text: what every text field of an incident holds (inline Markdown), parsed once, by
/// cmark-gfm, into one tree. Figures (styles on byte ranges), the Markdown and HTML writers and
/// the PDF report all derive from this tree, so they agree on what a text says.
public indirect enum Inline: Hashable, Sendable {
    case text(String)
    case bold([Inline])
    case italic([Inline])
    /// `~~struck~~`
    case strikethrough([Inline])
    case code(String)
    /// A link. Parsed links only ever carry a target `LinkPolicy` allows; every writer checks
    /// again with the same policy, so a hand-built tree cannot smuggle one in either.
    case link([Inline], url: String)
    /// A forced line break inside a paragraph (a hard break, or a blank line in the field).
    case lineBreak

    /// The words without markup.
    public var plain: String {
        switch self {
        case .text(let s), .code(let s): return s
        case .bold(let c), .italic(let c), .strikethrough(let c), .link(let c, _): return c.map(\.plain).joined()
        case .lineBreak: return "\n"
        }
    }

    /// Parses one text field as inline Markdown (cmark-gfm with strikethrough and autolinks).
    /// Block structure is flattened: what would start a block at the beginning of a line stays
    /// text, paragraphs are joined by a line break and a soft line break is a space, as
    /// Markdown renders it. Images keep their alt text only; raw HTML stays literal text; a
    /// link whose target `LinkPolicy` refuses keeps its words and loses the link.
    public static func parse(_ markdown: String) -> [Inline] {
        if isPlain(markdown) { return markdown.isEmpty ? [] : [.text(markdown)] }
        guard let doc = CmarkDocument(inlineOnly(markdown), tables: false) else { return [.text(markdown)] }
        var stack: [[Inline]] = [[]]
        var links: [String] = []
        var paragraphs = 0
        doc.walk { node, entering in
            switch node.kind {
            case .text, .htmlInline:
                stack[stack.count - 1].append(.text(node.literal))
            case .htmlBlock, .codeBlock:
                if paragraphs > 0 { stack[stack.count - 1].append(.lineBreak) }
                let literal = node.literal.hasSuffix("\n") ? String(node.literal.dropLast()) : node.literal
                stack[stack.count - 1].append(node.kind == .codeBlock ? .code(literal) : .text(literal))
                paragraphs += 1
            case .code:
                stack[stack.count - 1].append(.code(node.literal))
            case .softBreak:
                stack[stack.count - 1].append(.text(" "))
            case .lineBreak:
                stack[stack.count - 1].append(.lineBreak)
            case .emph, .strong, .link, .strikethrough, .image:
                if entering {
                    stack.append([])
                    if node.kind == .link { links.append(node.url) }
                } else {
                    let children = merged(stack.removeLast())
                    switch node.kind {
                    case .emph: stack[stack.count - 1].append(.italic(children))
                    case .strong: stack[stack.count - 1].append(.bold(children))
                    case .strikethrough: stack[stack.count - 1].append(.strikethrough(children))
                    case .link:
                        let url = links.removeLast()
                        if let safe = LinkPolicy.safe(url) {
                            stack[stack.count - 1].append(.link(children, url: safe))
                        } else {
                            stack[stack.count - 1] += children
                        }
                    default: stack[stack.count - 1] += children  // an image: its alt text
                    }
                }
            case .paragraph, .heading:
                if entering, paragraphs > 0 { stack[stack.count - 1].append(.lineBreak) }
                if !entering { paragraphs += 1 }
            default:
                break
            }
        }
        return merged(stack.first ?? [])
    }

    /// A text cmark would give back unchanged (no character Markdown or an autolink could
    /// start with, nothing to trim): the fast path for the many short fields of an incident.
    static func isPlain(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return true }
        if first.properties.isWhitespace || last.properties.isWhitespace { return false }
        return !s.unicodeScalars.contains { c in
            c.value < 0x20 || "\\`*_[]<>!~&#-+=|:@.".unicodeScalars.contains(c) || (c.value >= 0x30 && c.value <= 0x39)
        }
    }

    /// A text field is inline Markdown only: what would start a block at the beginning of a
    /// line (`# `, `- `, `1. `, `>`, code fences, setext underlines, link reference
    /// definitions) is escaped so it stays text, and indentation (which would make a code
    /// block) is dropped.
    static func inlineOnly(_ text: String) -> String {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map { raw -> String in
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard let first = line.first else { return "" }
            let rest = line.dropFirst()
            let spaceOrEnd = rest.isEmpty || rest.first == " " || rest.first == "\t"
            var escape = false
            switch first {
            case "#": escape = line.drop { $0 == "#" }.first.map { $0 == " " || $0 == "\t" } ?? true
            case "-", "+", "*": escape = spaceOrEnd || line.allSatisfy { $0 == first || $0 == " " || $0 == "\t" }
            case "=", "_": escape = line.allSatisfy { $0 == first || $0 == " " || $0 == "\t" }
            case ">": escape = true
            case "`", "~":
                // A fence is three or more; one or two open a code span or strikethrough.
                let run = line.prefix { $0 == first }.count
                escape = run >= 3 && !(first == "`" && line.dropFirst(run).contains("`"))
            case "[":
                // `[label]: destination` would vanish into a link reference definition.
                if let close = line.firstIndex(of: "]"), line[line.index(after: close)...].first == ":" { escape = true }
            default:
                let digits = line.prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty && digits.count <= 9 {
                    let after = line.dropFirst(digits.count)
                    if let d = after.first, d == "." || d == ")" {
                        let next = after.dropFirst().first
                        if next == nil || next == " " || next == "\t" {
                            return digits + "\\" + after
                        }
                    }
                }
            }
            return escape ? "\\" + line : String(line)
        }.joined(separator: "\n")
    }

    /// Adjacent text pieces joined (cmark splits text at every special character).
    static func merged(_ items: [Inline]) -> [Inline] {
        var out: [Inline] = []
        for item in items {
            if case .text(let b) = item, case .text(let a)? = out.last {
                out[out.count - 1] = .text(a + b)
            } else {
                out.append(item)
            }
        }
        return out
    }
}

extension Array where Element == Inline {
    /// The words without markup.
    public var plain: String { map(\.plain).joined() }
}

/// Which link targets survive into any output (figures, Markdown, HTML, PDF): `http:`,
/// `https:` and `mailto:` links, and relative links (a path, `?query` or `#fragment`).
/// Everything else keeps its words and loses the link: `javascript:` (in any case), `data:`,
/// `vbscript:`, `file:` and any other scheme, and protocol-relative `//host` links, which a
/// browser resolves against the page's scheme to another host.
public enum LinkPolicy {
    /// The target to write, or nil when the link must be dropped.
    public static func safe(_ url: String) -> String? {
        let u = url.trimmingCharacters(in: .whitespacesAndNewlines)
        // Control characters (a tab or newline inside `java\nscript:`) are dropped by browsers
        // when they read a URL, so they are refused rather than reasoned about.
        guard !u.isEmpty, !u.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        let lower = u.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return u }
        // `//host`, and `\\host` or `/\host`, which browsers read the same way.
        let lead = u.prefix(2)
        if lead.allSatisfy({ $0 == "/" || $0 == "\\" }) && lead.count == 2 { return nil }
        // Relative: no scheme, i.e. no `:` before the first `/`, `?` or `#`.
        if let colon = u.firstIndex(of: ":") {
            let before = u[..<colon]
            if !before.contains("/") && !before.contains("?") && !before.contains("#") { return nil }
        }
        return u
    }
}
